import TPMTypes
import TrustCrypto

/// TPMT_RSA_DECRYPT and how RSA_Encrypt and RSA_Decrypt pick their padding (Part 3 §14.2–14.3):
/// the key's scheme when it has one (the caller may repeat it or say NULL), else the caller's.
/// Raw RSA (TPM_ALG_NULL) results only when both leave it open.
enum RSAEncryptionScheme {
    /// The padding to use, or the caller's error: they share these checks in this order (the
    /// scheme as unmarshalled, the key at handle 1, the label, then the choice of scheme).
    /// TPM_RC_VALUE (scheme not RSAES, OAEP or NULL: parameter 2; label without its terminating
    /// zero: parameter 3), TPM_RC_HASH (OAEP hash not implemented: parameter 2), TPM_RC_KEY (not
    /// an RSA key: handle 1), TPM_RC_ATTRIBUTES (no decrypt, or restricted when `unrestricted`:
    /// handle 1), TPM_RC_SCHEME (differs from the key's: parameter 2).
    static func prepare(
        key handle: TPMHandle, requested: TPMScheme, label: [UInt8], unrestricted: Bool,
        tpm: TPMEngineState
    ) throws(TPMError) -> (TPMObject, Padding) {
        guard [.rsaes, .oaep, .null].contains(requested.algorithm), tpm.config.supports(requested.algorithm) else {
            throw TPMError(.value, .parameter(2))
        }
        if requested.algorithm == .oaep {
            guard requested.hash.hashAlgorithm != nil, tpm.config.supports(requested.hash) else {
                throw TPMError(.hash, .parameter(2))
            }
        }
        let key = try tpm.object(handle, sequenceCode: .key)
        guard key.publicArea.type == .rsa else { throw TPMError(.key, .handle(1)) }
        guard key.attributes.contains(.decrypt), !(unrestricted && key.attributes.contains(.restricted)) else {
            throw TPMError(.attributes, .handle(1))
        }
        guard label.isEmpty || label.last == 0 else { throw TPMError(.value, .parameter(3)) }
        return (
            key,
            try TPMError.attributing(.parameter(2)) { () throws(TPMError) in try select(key: key, requested: requested)
            }
        )
    }

    /// The padding an operation uses.
    enum Padding {
        case pkcs1v15
        case oaep(HashAlgorithm)
        /// Raw RSA (RSAEP / RSADP): the key and the caller both said TPM_ALG_NULL.
        case none
    }

    /// The key's scheme, or the caller's when the key has none; TPM_RC_SCHEME when both name
    /// one and they differ.
    private static func select(key: TPMObject, requested: TPMScheme) throws(TPMError) -> Padding {
        let own = key.publicArea.parameters.scheme
        guard own.algorithm == .null || requested.algorithm == .null || requested == own else {
            throw TPMError(.scheme)
        }
        let scheme = own.algorithm == .null ? requested : own
        switch scheme.algorithm {
        case .rsaes: return .pkcs1v15
        case .oaep:
            guard let hash = scheme.hash.hashAlgorithm else { throw TPMError(.hash) }
            return .oaep(hash)
        case .null: return .none
        default: throw TPMError(.scheme)
        }
    }
}
