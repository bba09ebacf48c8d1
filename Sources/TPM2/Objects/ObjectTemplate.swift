/// Template checks for CreatePrimary, Create, CreateLoaded and LoadExternal (Part 1 §27.?,
/// Part 3 §12.1): the errors a real TPM gives for an object it will not make. Thrown
/// errors carry no culprit; the caller names the template parameter.
enum ObjectTemplate {
    static func check(_ template: TPMPublic, tpm: TPMEngineState, isExternal: Bool = false) throws(TPMError) {
        guard [TPMAlgorithm.rsa, .ecc, .keyedHash, .symcipher].contains(template.type), tpm.config.supports(template.type) else {
            throw TPMError(.type)
        }
        if !isExternal || template.nameAlg != .null {
            guard template.nameAlg.hashAlgorithm != nil, tpm.config.supports(template.nameAlg) else { throw TPMError(.hash) }
        }
        let attributes = template.attributes
        guard attributes.isDisjoint(with: .reserved) else { throw TPMError(.reservedBits) }
        if attributes.contains(.fixedTPM) && !attributes.contains(.fixedParent) { throw TPMError(.attributes) }
        if let hash = template.nameAlg.hashAlgorithm, !template.authPolicy.isEmpty, template.authPolicy.count != hash.digestSize {
            throw TPMError(.size)
        }
        let restricted = attributes.contains(.restricted)
        let sign = attributes.contains(.sign)
        let decrypt = attributes.contains(.decrypt)
        if restricted && sign && decrypt { throw TPMError(.attributes) }
        if restricted && !sign && !decrypt { throw TPMError(.attributes) }
        let isStorage = restricted && decrypt

        let sym = template.parameters.symmetric
        if isStorage {
            guard sym.algorithm != .null else { throw TPMError(.symmetric) }
            try checkBlockCipher(sym, tpm: tpm, requireCFB: true)
        } else if template.type != .symcipher {
            guard sym.algorithm == .null else { throw TPMError(.symmetric) }
        }

        let scheme = template.parameters.scheme
        if scheme.algorithm != .null {
            guard tpm.config.supports(scheme.algorithm) else { throw TPMError(.scheme) }
            if scheme.hasHash {
                guard scheme.hash.hashAlgorithm != nil, tpm.config.supports(scheme.hash) else { throw TPMError(.hash) }
            }
        }
        if sign && decrypt && scheme.algorithm != .null { throw TPMError(.attributes) }
        if restricted && sign && scheme.algorithm == .null { throw TPMError(.scheme) }

        switch template.parameters {
        case .rsa(_, let scheme, let keyBits, let exponent):
            guard tpm.config.rsaKeySizes.contains(Int(keyBits)) else { throw TPMError(.keySize) }
            if exponent != 0 && (exponent < 3 || exponent % 2 == 0) { throw TPMError(.value) }
            try checkAsymmetricScheme(scheme, signing: [.rsassa, .rsapss], decrypting: [.rsaes, .oaep], sign: sign, decrypt: decrypt, storage: isStorage)
        case .ecc(_, let scheme, let curve, let kdf):
            guard tpm.config.curves.contains(curve), curve.curve != nil else { throw TPMError(.curve) }
            if kdf.algorithm != .null {
                guard tpm.config.supports(kdf.algorithm) else { throw TPMError(.kdf) }
                if isStorage { throw TPMError(.kdf) }
            }
            try checkAsymmetricScheme(scheme, signing: [.ecdsa, .ecdaa, .sm2, .ecschnorr], decrypting: [.ecdh, .ecmqv],
                                      sign: sign, decrypt: decrypt, storage: isStorage)
        case .keyedHash(let scheme):
            switch scheme.algorithm {
            case .null: if restricted && sign { throw TPMError(.scheme) }
            case .hmac: if !sign || decrypt { throw TPMError(.scheme) }
            case .xor: if sign || !decrypt { throw TPMError(.scheme) }
            default: throw TPMError(.scheme)
            }
            if restricted && decrypt { throw TPMError(.attributes) }
        case .symCipher(let sym):
            if sign { throw TPMError(.attributes) }
            try checkBlockCipher(sym, tpm: tpm, requireCFB: restricted)
        }
    }

    private static func checkAsymmetricScheme(_ scheme: TPMScheme, signing: [TPMAlgorithm], decrypting: [TPMAlgorithm],
                                              sign: Bool, decrypt: Bool, storage: Bool) throws(TPMError) {
        guard scheme.algorithm != .null else { return }
        if storage { throw TPMError(.scheme) }
        if signing.contains(scheme.algorithm) {
            guard sign else { throw TPMError(.scheme) }
        } else if decrypting.contains(scheme.algorithm) {
            guard decrypt else { throw TPMError(.scheme) }
        } else {
            throw TPMError(.scheme)
        }
    }

    /// A block cipher with a valid key size and an implemented mode (CFB for storage keys).
    static func checkBlockCipher(_ sym: TPMSymmetricDefinition, tpm: TPMEngineState, requireCFB: Bool) throws(TPMError) {
        guard let cipher = sym.algorithm.symmetricAlgorithm, tpm.config.supports(sym.algorithm) else { throw TPMError(.symmetric) }
        let sizes: [UInt16] = cipher == .aes ? [128, 192, 256] : [128]
        guard sizes.contains(sym.keyBits) else { throw TPMError(.keySize) }
        if requireCFB {
            guard sym.mode == .cfb else { throw TPMError(.mode) }
        } else if sym.mode != .null {
            guard sym.mode.symmetricMode != nil, tpm.config.supports(sym.mode) else { throw TPMError(.mode) }
        }
    }

    /// TPMS_SENSITIVE_CREATE rules (Part 3 §12.1): userAuth no longer than the name digest;
    /// data only for keyed-hash and symmetric objects whose TPM does not make the secret, and
    /// required for a sealed data object.
    static func checkSensitive(_ sensitive: TPMSensitiveCreate, template: TPMPublic) throws(TPMError) {
        if let hash = template.nameAlg.hashAlgorithm, trimmedAuth(sensitive.userAuth).count > hash.digestSize {
            throw TPMError(.size)
        }
        let origin = template.attributes.contains(.sensitiveDataOrigin)
        switch template.type {
        case .rsa, .ecc:
            if !sensitive.data.isEmpty { throw TPMError(.size) }
            if !origin { throw TPMError(.attributes) }
        case .keyedHash:
            if origin && !sensitive.data.isEmpty { throw TPMError(.attributes) }
            let isSealed = template.parameters.scheme.algorithm == .null && !template.attributes.contains(.sign)
                && !template.attributes.contains(.decrypt)
            if isSealed && origin { throw TPMError(.attributes) }
            if !origin && !isSealed && sensitive.data.isEmpty { throw TPMError(.size) }
        case .symcipher:
            if origin && !sensitive.data.isEmpty { throw TPMError(.attributes) }
            if case .symCipher(let sym) = template.parameters, !origin, sensitive.data.count * 8 != Int(sym.keyBits) {
                throw TPMError(.keySize)
            }
        default:
            throw TPMError(.type)
        }
    }
}
