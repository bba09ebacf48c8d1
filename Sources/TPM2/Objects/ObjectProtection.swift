import TPMTypes
import TrustCrypto

/// The outer wrapper of Part 1 §22–24, made with a protector's symmetric definition and name
/// algorithm and a seed (the parent's seedValue for a private area, an exchanged seed for a
/// credential or a duplication blob):
///   symKey    = KDFa(protector.nameAlg, seed, "STORAGE", Name, "", protector sym bits)
///   encrypted = CFB(protector sym, symKey, IV 0, data)
///   hmacKey   = KDFa(protector.nameAlg, seed, "INTEGRITY", "", "", digest bits)
///   wrapped   = TPM2B(HMAC(hmacKey, encrypted || Name)) || encrypted
/// so a blob opens only with that seed, and only for the Name it was made for.
enum ObjectProtection {
    /// A child's private area under its storage parent: the marshalled TPM2B_SENSITIVE
    /// wrapped with the parent's own seed.
    static func wrap(_ sensitive: TPMSensitive, name: [UInt8], parent: TPMObject) throws(TPMError) -> [UInt8] {
        guard parent.publicArea.isStorageParent, let parentSensitive = parent.sensitive else { throw TPMError(.type) }
        return try wrapOuter(
            marshalSensitive(sensitive), name: name, protector: parent, seed: parentSensitive.seedValue)
    }

    /// The sensitive area, or TPM_RC_INTEGRITY when the blob was not made under this parent
    /// for this Name (no culprit: the caller names the private parameter).
    static func unwrap(_ blob: [UInt8], name: [UInt8], parent: TPMObject) throws(TPMError) -> TPMSensitive {
        guard parent.publicArea.isStorageParent, let parentSensitive = parent.sensitive else { throw TPMError(.type) }
        let clear = try unwrapOuter(blob, name: name, protector: parent, seed: parentSensitive.seedValue)
        do { return try unmarshalSensitive(clear) } catch { throw TPMError(.sensitive) }
    }

    /// TPM2B_SENSITIVE: the size-prefixed TPMT_SENSITIVE.
    static func marshalSensitive(_ sensitive: TPMSensitive) -> [UInt8] {
        var inner = TPMWriter()
        inner.writeNested { sensitive.marshal(into: &$0) }
        return inner.bytes
    }

    /// A TPM2B_SENSITIVE that must fill `bytes` exactly; TPM_RC_SIZE or the reader's code otherwise.
    static func unmarshalSensitive(_ bytes: [UInt8]) throws(TPMError) -> TPMSensitive {
        var r = TPMReader(bytes)
        guard
            let sensitive = try r.readNested({ (inner: inout TPMReader) throws(TPMError) in
                try TPMSensitive(from: &inner)
            }),
            r.isAtEnd
        else { throw TPMError(.size) }
        return sensitive
    }

    /// Encrypts and integrity-protects `data` (the reference implementation's ProduceOuterWrap).
    static func wrapOuter(_ data: [UInt8], name: [UInt8], protector: TPMObject, seed: [UInt8]) throws(TPMError)
        -> [UInt8]
    {
        let (cipher, symKey, hash) = try keys(protector: protector, name: name, seed: seed)
        let iv = [UInt8](repeating: 0, count: cipher.blockSize)
        let encrypted: [UInt8]
        do { encrypted = try SymmetricCipher.encrypt(cipher, mode: .cfb, key: symKey, iv: iv, data: data).output } catch
        { throw TPMError(.failure) }
        var w = TPMWriter()
        w.writeSized(integrity(hash, seed: seed, encrypted: encrypted, name: name))
        w.write(bytes: encrypted)
        return w.bytes
    }

    /// Checks the HMAC (TPM_RC_INTEGRITY), then decrypts (the reference's UnwrapOuter).
    static func unwrapOuter(_ blob: [UInt8], name: [UInt8], protector: TPMObject, seed: [UInt8]) throws(TPMError)
        -> [UInt8]
    {
        let (cipher, symKey, hash) = try keys(protector: protector, name: name, seed: seed)
        var reader = TPMReader(blob)
        let integrity: [UInt8]
        do { integrity = try reader.readSized(max: TPMLimits.maxDigest) } catch { throw TPMError(.insufficient) }
        let encrypted = reader.readRest()
        guard SecureBytes.equal(integrity, Self.integrity(hash, seed: seed, encrypted: encrypted, name: name)) else {
            throw TPMError(.integrity)
        }
        let iv = [UInt8](repeating: 0, count: cipher.blockSize)
        do { return try SymmetricCipher.decrypt(cipher, mode: .cfb, key: symKey, iv: iv, data: encrypted).output } catch
        { throw TPMError(.integrity) }
    }

    private static func integrity(_ hash: HashAlgorithm, seed: [UInt8], encrypted: [UInt8], name: [UInt8]) -> [UInt8] {
        let hmacKey = EngineCrypto.kdfa(
            hash, key: seed, label: "INTEGRITY", contextU: [], contextV: [], bits: hash.digestSize * 8)
        return EngineCrypto.hmac(hash, key: hmacKey, [encrypted + name])
    }

    private static func keys(protector: TPMObject, name: [UInt8], seed: [UInt8]) throws(TPMError) -> (
        SymmetricAlgorithm, [UInt8], HashAlgorithm
    ) {
        let sym = protector.publicArea.parameters.symmetric
        guard let cipher = sym.algorithm.symmetricAlgorithm, let hash = protector.nameHash else {
            throw TPMError(.symmetric)
        }
        let symKey = EngineCrypto.kdfa(
            hash, key: seed, label: "STORAGE", contextU: name, contextV: [], bits: Int(sym.keyBits))
        return (cipher, symKey, hash)
    }
}
