import TPMTypes

/// Template checks for CreatePrimary, Create, CreateLoaded and LoadExternal
/// (Part 1, "Public Area Template"; Part 3 §12.1): the errors a real TPM gives for an object it
/// will not make. Thrown errors carry no culprit; the caller names the template parameter.
enum ObjectTemplate {
    static func check(_ template: TPMPublic, tpm: TPMEngineState, isExternal: Bool = false) throws(TPMError) {
        try checkType(template.type, tpm: tpm)
        if !isExternal || template.nameAlg != .null {
            guard template.nameAlg.hashAlgorithm != nil, tpm.config.supports(template.nameAlg) else {
                throw TPMError(.hash)
            }
        }
        let attributes = template.attributes
        guard attributes.isDisjoint(with: .reserved) else { throw TPMError(.reservedBits) }
        try checkParameters(template.parameters, tpm: tpm)
        if attributes.contains(.fixedTPM) && !attributes.contains(.fixedParent) { throw TPMError(.attributes) }
        if let hash = template.nameAlg.hashAlgorithm, !template.authPolicy.isEmpty,
            template.authPolicy.count != hash.digestSize
        {
            throw TPMError(.size)
        }
        let restricted = attributes.contains(.restricted)
        let sign = attributes.contains(.sign)
        let decrypt = attributes.contains(.decrypt)
        if restricted && sign && decrypt { throw TPMError(.attributes) }
        // Neither sign nor decrypt: only sealed data, and never restricted.
        if !sign && !decrypt && (restricted || template.type != .keyedHash) { throw TPMError(.attributes) }
        // A restricted keyed-hash decryption key is a derivation parent, not a storage key.
        let isStorage = restricted && decrypt && template.type != .keyedHash

        let sym = template.parameters.symmetric
        // Part 2 has parents use CFB, but the reference implementation leaves that check out
        // (Object_spt.c SchemeChecks, "under investigation") and libtpms and tools rely on it:
        // any supported mode is accepted, and child protection always uses CFB (ObjectProtection).
        if isStorage {
            guard sym.algorithm != .null else { throw TPMError(.symmetric) }
        } else if template.type != .symcipher {
            guard sym.algorithm == .null else { throw TPMError(.symmetric) }
        }

        let scheme = template.parameters.scheme
        // Sign and decrypt at once leave the scheme to each use (Part 2 TPMS_RSA_PARMS, _ECC_PARMS).
        if sign && decrypt && scheme.algorithm != .null { throw TPMError(.scheme) }
        if restricted && sign && scheme.algorithm == .null { throw TPMError(.scheme) }

        switch template.parameters {
        case .rsa(_, let scheme, _, _):
            try checkAsymmetricScheme(
                scheme, signing: [.rsassa, .rsapss], decrypting: [.rsaes, .oaep], sign: sign, decrypt: decrypt,
                storage: isStorage)
        case .ecc(_, let scheme, _, let kdf):
            if kdf.algorithm != .null && isStorage { throw TPMError(.kdf) }
            try checkAsymmetricScheme(
                scheme, signing: [.ecdsa, .ecdaa, .sm2, .ecschnorr], decrypting: [.ecdh, .ecmqv],
                sign: sign, decrypt: decrypt, storage: isStorage)
        case .keyedHash(let scheme):
            // A signing key is an HMAC key, a decryption key an XOR key, and sealed data (or a key
            // that is both) names no scheme.
            let expected: TPMAlgorithm = sign == decrypt ? .null : (sign ? .hmac : .xor)
            guard scheme.algorithm == expected else { throw TPMError(.scheme) }
            // A derivation parent: the reference derives only with SP800-108's KDF and answers
            // TPM_RC_SCHEME for another (Object_spt.c SchemeChecks).
            if restricted && decrypt && TPMAlgorithm(rawValue: scheme.extra) != .kdf1_sp800_108 {
                throw TPMError(.scheme)
            }
        case .symCipher:
            // sign lets the key encrypt (EncryptDecrypt), decrypt lets it decrypt; as for
            // storage keys above, a restricted key's mode is not held to CFB.
            break
        }
    }

    /// TPMI_ALG_PUBLIC: an object type this TPM makes and the profile implements.
    static func checkType(_ type: TPMAlgorithm, tpm: TPMEngineState) throws(TPMError) {
        guard [TPMAlgorithm.rsa, .ecc, .keyedHash, .symcipher].contains(type), tpm.config.supports(type) else {
            throw TPMError(.type)
        }
    }

    /// The checks that need only TPMU_PUBLIC_PARMS, not the object's attributes: algorithms,
    /// key sizes, curves and modes the profile implements. TPM2_TestParms asks exactly this.
    static func checkParameters(_ parameters: TPMPublicParameters, tpm: TPMEngineState) throws(TPMError) {
        // A symmetric object is its cipher; for the others the cipher is optional here.
        let sym = parameters.symmetric
        if case .symCipher = parameters {
            try checkBlockCipher(sym, tpm: tpm)
        } else if sym.algorithm != .null {
            try checkBlockCipher(sym, tpm: tpm)
        }
        let scheme = parameters.scheme
        if scheme.algorithm != .null {
            guard tpm.config.supports(scheme.algorithm) else { throw TPMError(.scheme) }
            if scheme.hasHash {
                guard scheme.hash.hashAlgorithm != nil, tpm.config.supports(scheme.hash) else { throw TPMError(.hash) }
            }
        }
        switch parameters {
        case .rsa(_, _, let keyBits, let exponent):
            // TPMI_RSA_KEY_BITS: a size the TPM does not implement fails unmarshalling (TPM_RC_VALUE).
            guard tpm.config.rsaKeySizes.contains(Int(keyBits)) else { throw TPMError(.value) }
            if exponent != 0 && (exponent < 3 || exponent % 2 == 0) { throw TPMError(.value) }
        case .ecc(_, _, let curve, let kdf):
            guard tpm.config.curves.contains(curve), curve.curve != nil else { throw TPMError(.curve) }
            if kdf.algorithm != .null {
                guard tpm.config.supports(kdf.algorithm) else { throw TPMError(.kdf) }
            }
        case .keyedHash(let scheme):
            // XOR carries its key-derivation function where other schemes carry nothing more.
            if scheme.algorithm == .xor {
                let kdf = TPMAlgorithm(rawValue: scheme.extra)
                guard [.kdf1_sp800_108, .kdf1_sp800_56a, .kdf2].contains(kdf), tpm.config.supports(kdf) else {
                    throw TPMError(.kdf)
                }
            }
        case .symCipher:
            break
        }
    }

    private static func checkAsymmetricScheme(
        _ scheme: TPMScheme, signing: [TPMAlgorithm], decrypting: [TPMAlgorithm],
        sign: Bool, decrypt: Bool, storage: Bool
    ) throws(TPMError) {
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

    /// A block cipher with a valid key size and, when it names one, an implemented mode (storage
    /// keys and restricted symmetric keys further need CFB: `check` asks that).
    private static func checkBlockCipher(_ sym: TPMSymmetricDefinition, tpm: TPMEngineState) throws(TPMError) {
        guard let cipher = sym.algorithm.symmetricAlgorithm, tpm.config.supports(sym.algorithm) else {
            throw TPMError(.symmetric)
        }
        guard TPMSymmetricDefinition.keySizes(cipher).contains(sym.keyBits) else { throw TPMError(.keySize) }
        if sym.mode != .null {
            guard sym.mode.symmetricMode != nil || sym.mode == .cmac, tpm.config.supports(sym.mode) else {
                throw TPMError(.mode)
            }
        }
    }

    /// TPMS_SENSITIVE_CREATE rules (Part 3 §12.1): userAuth no longer than the name digest;
    /// data only for keyed-hash and symmetric objects whose TPM does not make the secret, and
    /// required for a sealed data object.
    static func checkSensitive(_ sensitive: TPMSensitiveCreate, template: TPMPublic) throws(TPMError) {
        try checkUserAuth(sensitive.userAuth, template: template)
        let origin = template.attributes.contains(.sensitiveDataOrigin)
        switch template.type {
        case .rsa, .ecc:
            if !sensitive.data.isEmpty { throw TPMError(.size) }
            if !origin { throw TPMError(.attributes) }
        case .keyedHash:
            let restricted = template.attributes.contains(.restricted)
            if origin && !sensitive.data.isEmpty { throw TPMError(.attributes) }
            let isSealed =
                template.parameters.scheme.algorithm == .null && !template.attributes.contains(.sign)
                && !template.attributes.contains(.decrypt)
            if isSealed && origin { throw TPMError(.attributes) }
            if !origin && !isSealed && sensitive.data.isEmpty { throw TPMError(.size) }
            // A restricted key whose secret the caller chose must stay duplicable: it came from
            // outside the TPM. The reference's CreateChecks blames the template for it.
            if restricted && !origin && !template.attributes.isDisjoint(with: [.fixedParent, .fixedTPM]) {
                throw TPMError(.attributes, .parameter(2))
            }
        case .symcipher:
            if origin && !sensitive.data.isEmpty { throw TPMError(.attributes) }
            if case .symCipher(let sym) = template.parameters, !origin {
                guard sensitive.data.count * 8 == Int(sym.keyBits) else { throw TPMError(.keySize) }
                try KeyGeneration.checkSuppliedKey(sensitive.data, of: template)
            }
        default:
            throw TPMError(.type)
        }
    }

    /// userAuth, trailing zeros dropped, no longer than the name digest (TPM_RC_SIZE).
    static func checkUserAuth(_ userAuth: [UInt8], template: TPMPublic) throws(TPMError) {
        if let hash = template.nameAlg.hashAlgorithm, trimmedAuth(userAuth).count > hash.digestSize {
            throw TPMError(.size)
        }
    }
}
