import TrustCrypto

/// TPMT_RSA_DECRYPT and how RSA_Encrypt and RSA_Decrypt pick their padding (Part 3 §14.2–14.3):
/// the key's scheme when it has one (the caller may repeat it or say NULL), else the caller's.
/// Raw RSA (TPM_ALG_NULL) results only when both leave it open.
enum RSAEncryptionScheme {
    /// TPMI_ALG_RSA_DECRYPT+: RSAES, OAEP or NULL as the profile implements them (TPM_RC_VALUE),
    /// OAEP with an implemented hash (TPM_RC_HASH). No culprit: the caller names the parameter.
    static func check(_ scheme: TPMScheme, tpm: TPMEngineState) throws(TPMError) {
        guard [.rsaes, .oaep, .null].contains(scheme.algorithm), tpm.config.supports(scheme.algorithm) else { throw TPMError(.value) }
        if scheme.algorithm == .oaep {
            guard scheme.hash.hashAlgorithm != nil, tpm.config.supports(scheme.hash) else { throw TPMError(.hash) }
        }
    }

    /// The padding an operation uses.
    enum Padding {
        case pkcs1v15
        case oaep(HashAlgorithm)
        /// Raw RSA (RSAEP / RSADP): the key and the caller both said TPM_ALG_NULL.
        case none
    }

    /// The padding to use: the key's scheme, or the caller's when the key has none;
    /// TPM_RC_SCHEME when both name one and they differ.
    static func select(key: TPMObject, requested: TPMScheme) throws(TPMError) -> Padding {
        let own = key.publicArea.parameters.scheme
        guard own.algorithm == .null || requested.algorithm == .null || requested == own else { throw TPMError(.scheme) }
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

    /// A label is a NUL-terminated string: empty, or ending in 0 (TPM_RC_VALUE otherwise).
    static func isTerminated(_ label: [UInt8]) -> Bool { label.isEmpty || label.last == 0 }

    /// The RSA key at handle 1 with its decrypt attribute: TPM_RC_KEY (not RSA), TPM_RC_ATTRIBUTES
    /// (no decrypt, or restricted when `unrestricted` is asked).
    static func key(_ handle: TPMHandle, unrestricted: Bool, tpm: TPMEngineState) throws(TPMError) -> TPMObject {
        let key = try tpm.object(handle, sequenceCode: .key)
        guard key.publicArea.type == .rsa else { throw TPMError(.key, .handle(1)) }
        guard key.attributes.contains(.decrypt), !(unrestricted && key.attributes.contains(.restricted)) else {
            throw TPMError(.attributes, .handle(1))
        }
        return key
    }
}
