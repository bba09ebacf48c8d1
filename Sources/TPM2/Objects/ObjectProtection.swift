import TrustCrypto

/// The outer wrapper of a child's private area under its storage parent (Part 1 §22–23):
///   symKey    = KDFa(parent.nameAlg, parent.seed, "STORAGE", child.Name, "", parent sym bits)
///   encrypted = CFB(parent sym, symKey, IV 0, TPM2B_SENSITIVE)
///   hmacKey   = KDFa(parent.nameAlg, parent.seed, "INTEGRITY", "", "", digest bits)
///   private   = TPM2B(HMAC(hmacKey, encrypted || child.Name)) || encrypted
/// so a blob loads only under the parent that made it, and only for the public area it names.
enum ObjectProtection {
    static func wrap(_ sensitive: TPMSensitive, name: [UInt8], parent: TPMObject) throws(TPMError) -> [UInt8] {
        let (cipher, symKey, hash, seed) = try keys(parent: parent, name: name)
        var inner = TPMWriter()
        inner.writeNested { sensitive.marshal(into: &$0) }
        let iv = [UInt8](repeating: 0, count: cipher.blockSize)
        let encrypted: [UInt8]
        do { encrypted = try SymmetricCipher.encrypt(cipher, mode: .cfb, key: symKey, iv: iv, data: inner.bytes).output }
        catch { throw TPMError(.failure) }
        let hmacKey = KDF.kdfa(hash, key: seed, label: "INTEGRITY", contextU: [], contextV: [], bits: hash.digestSize * 8)
        let integrity = HMAC.authenticationCode(hash, key: hmacKey, data: encrypted + name)
        var w = TPMWriter()
        w.writeSized(integrity)
        w.write(bytes: encrypted)
        return w.bytes
    }

    /// The sensitive area, or TPM_RC_INTEGRITY when the blob was not made under this parent
    /// for this Name (no culprit: the caller names the private parameter).
    static func unwrap(_ blob: [UInt8], name: [UInt8], parent: TPMObject) throws(TPMError) -> TPMSensitive {
        let (cipher, symKey, hash, seed) = try keys(parent: parent, name: name)
        var reader = TPMReader(blob)
        let integrity: [UInt8]
        do { integrity = try reader.readSized(max: TPMLimits.maxDigest) } catch { throw TPMError(.insufficient) }
        let encrypted = reader.readRest()
        let hmacKey = KDF.kdfa(hash, key: seed, label: "INTEGRITY", contextU: [], contextV: [], bits: hash.digestSize * 8)
        guard SecureBytes.equal(integrity, HMAC.authenticationCode(hash, key: hmacKey, data: encrypted + name)) else {
            throw TPMError(.integrity)
        }
        let iv = [UInt8](repeating: 0, count: cipher.blockSize)
        let clear: [UInt8]
        do { clear = try SymmetricCipher.decrypt(cipher, mode: .cfb, key: symKey, iv: iv, data: encrypted).output }
        catch { throw TPMError(.integrity) }
        var r = TPMReader(clear)
        do {
            guard let sensitive = try r.readNested({ (inner: inout TPMReader) throws(TPMError) in try TPMSensitive(from: &inner) }),
                  r.isAtEnd else { throw TPMError(.sensitive) }
            return sensitive
        } catch {
            throw TPMError(.sensitive)
        }
    }

    private static func keys(parent: TPMObject, name: [UInt8]) throws(TPMError) -> (SymmetricAlgorithm, [UInt8], HashAlgorithm, [UInt8]) {
        guard parent.publicArea.isStorageParent, let sensitive = parent.sensitive else { throw TPMError(.type) }
        let sym = parent.publicArea.parameters.symmetric
        guard let cipher = sym.algorithm.symmetricAlgorithm, let hash = parent.nameHash else { throw TPMError(.symmetric) }
        let symKey = KDF.kdfa(hash, key: sensitive.seedValue, label: "STORAGE", contextU: name, contextV: [], bits: Int(sym.keyBits))
        return (cipher, symKey, hash, sensitive.seedValue)
    }
}
