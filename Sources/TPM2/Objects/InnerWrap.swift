import TPMTypes
import TrustCrypto

/// The inner wrapper of a duplication blob (Part 1 §23.3.2), made with a symmetric key the
/// caller knows rather than one a parent holds:
///   inner = CFB(symAlg, key, IV 0, TPM2B(H_nameAlg(TPM2B_SENSITIVE || Name)) || TPM2B_SENSITIVE)
/// where nameAlg is the duplicated object's name algorithm.
enum InnerWrap {
    /// The key size a TPMT_SYM_DEF_OBJECT asks for, in bytes.
    static func keySize(_ sym: TPMSymmetricDefinition) -> Int { (Int(sym.keyBits) + 7) / 8 }

    static func wrap(
        _ data: [UInt8], name: [UInt8], nameHash: HashAlgorithm, sym: TPMSymmetricDefinition,
        key: [UInt8]
    ) throws(TPMError) -> [UInt8] {
        guard let cipher = sym.algorithm.symmetricAlgorithm else { throw TPMError(.symmetric) }
        var w = TPMWriter()
        w.writeSized(EngineCrypto.digest(nameHash, data + name))
        w.write(bytes: data)
        do {
            return try SymmetricCipher.encrypt(
                cipher, mode: .cfb, key: key, iv: [UInt8](repeating: 0, count: cipher.blockSize),
                data: w.bytes
            ).output
        } catch { throw TPMError(.failure) }
    }

    /// Decrypts, then checks the digest: TPM_RC_INTEGRITY when it does not match (the
    /// reference implementation's CheckInnerIntegrity), the reader's code when the digest
    /// field itself is malformed.
    static func unwrap(
        _ blob: [UInt8], name: [UInt8], nameHash: HashAlgorithm, sym: TPMSymmetricDefinition,
        key: [UInt8]
    ) throws(TPMError) -> [UInt8] {
        guard let cipher = sym.algorithm.symmetricAlgorithm else { throw TPMError(.symmetric) }
        let clear: [UInt8]
        do {
            clear = try SymmetricCipher.decrypt(
                cipher, mode: .cfb, key: key, iv: [UInt8](repeating: 0, count: cipher.blockSize),
                data: blob
            ).output
        } catch { throw TPMError(.integrity) }
        var reader = TPMReader(clear)
        let integrity = try reader.readSized(max: TPMLimits.maxDigest)
        let rest = reader.readRest()
        guard SecureBytes.equal(integrity, EngineCrypto.digest(nameHash, rest + name)) else {
            throw TPMError(.integrity)
        }
        return rest
    }
}
