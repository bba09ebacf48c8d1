import TPMTypes
import TrustCrypto

/// The key checks TPM2_MAC and TPM2_MAC_Start share (Part 3 §15.6, §17.3; in 1.59 they carry the
/// command codes of TPM2_HMAC and TPM2_HMAC_Start, which they generalise). The key decides the
/// MAC: a keyed-hash key gives HMAC with a hash, a symmetric-cipher key gives CMAC with its
/// cipher. The order of the checks is the reference implementation's (CryptSelectMac, then
/// restricted, then sign), so several faults at once answer as it does.
enum MACKey {
    enum Kind {
        case hmac(HashAlgorithm)
        case cmac(SymmetricAlgorithm)
    }

    /// The key's secret and the MAC for the key at handle 1 and the caller's inScheme (parameter
    /// `schemeParameter`). TPM_RC_SYMMETRIC (inScheme neither an implemented hash, CMAC nor NULL:
    /// TPMI_ALG_MAC_SCHEME's code, which swtpm gives too),
    /// TPM_RC_VALUE (the key fixes another scheme, or neither names one) and TPM_RC_SCHEME (a
    /// hash for a cipher key or CMAC for a keyed-hash key) blame inScheme; TPM_RC_TYPE (neither
    /// keyed-hash nor symmetric cipher), TPM_RC_ATTRIBUTES (restricted) and TPM_RC_KEY (not a
    /// signing key) blame handle 1.
    static func resolve(
        _ handle: TPMHandle, requested: TPMAlgorithm, schemeParameter: Int,
        tpm: TPMEngineState
    ) throws(TPMError) -> (key: [UInt8], kind: Kind) {
        guard
            requested == .null
                || tpm.config.supports(requested) && (requested.hashAlgorithm != nil || requested == .cmac)
        else {
            throw TPMError(.symmetric, .parameter(schemeParameter))
        }
        let key = try tpm.object(handle, sequenceCode: .type)
        let own: TPMAlgorithm
        switch key.publicArea.parameters {
        case .keyedHash(let scheme): own = scheme.algorithm == .null ? .null : scheme.hash
        case .symCipher(let definition): own = definition.mode
        default: throw TPMError(.type, .handle(1))
        }
        let chosen: TPMAlgorithm
        if requested == .null {
            guard own != .null else { throw TPMError(.value, .parameter(schemeParameter)) }
            chosen = own
        } else {
            guard own == .null || own == requested else { throw TPMError(.value, .parameter(schemeParameter)) }
            chosen = requested
        }
        let kind: Kind
        switch key.publicArea.parameters {
        case .symCipher(let definition):
            guard chosen == .cmac, let cipher = definition.algorithm.symmetricAlgorithm else {
                throw TPMError(.scheme, .parameter(schemeParameter))
            }
            kind = .cmac(cipher)
        default:
            guard let hash = chosen.hashAlgorithm else { throw TPMError(.scheme, .parameter(schemeParameter)) }
            kind = .hmac(hash)
        }
        guard !key.attributes.contains(.restricted) else { throw TPMError(.attributes, .handle(1)) }
        guard key.attributes.contains(.sign) else { throw TPMError(.key, .handle(1)) }
        return (try key.requireSensitive().sensitive, kind)
    }
}
