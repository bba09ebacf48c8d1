import TPMTypes
import TrustCrypto

/// TPM2_LoadExternal (Part 3 §12.3): loads an object the TPM did not make: a public area
/// alone (to verify signatures or encrypt to a key), or a public and sensitive area in the
/// clear. A clear sensitive area goes only into the NULL hierarchy and never with fixedTPM,
/// fixedParent or restricted, so the object cannot pass for one this TPM protects.
///
/// Response codes: TPM_RC_HIERARCHY (hierarchy disabled, or a sensitive area outside the NULL
/// hierarchy: parameter 3), TPM_RC_VALUE (not a hierarchy: parameter 3), TPM_RC_ATTRIBUTES
/// (fixedTPM, fixedParent or restricted with a sensitive area: parameter 2), template errors on
/// parameter 2, TPM_RC_KEY (the unique field does not fit the parameters: parameter 2),
/// TPM_RC_ECC_POINT (public ECC point not on the curve: parameter 2), TPM_RC_TYPE (public and
/// sensitive types differ: parameter 1), TPM_RC_SIZE (authValue longer than the name digest:
/// parameter 1), TPM_RC_KEY_SIZE (seed or key material of the wrong size: parameter 1),
/// TPM_RC_KEY (a weak or degenerate TDES key: parameter 1),
/// TPM_RC_BINDING (the two halves do not belong together: parameter 2), TPM_RC_OBJECT_MEMORY.
extension LoadExternal: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard tpm.hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        guard tpm.isHierarchyEnabled(input.hierarchy) else { throw TPMError(.hierarchy, parameter(\.hierarchy)) }
        let publicArea = input.inPublic
        if input.inPrivate != nil {
            guard input.hierarchy == TPMRH.null else { throw TPMError(.hierarchy, parameter(\.hierarchy)) }
            guard publicArea.attributes.isDisjoint(with: [.fixedTPM, .fixedParent, .restricted]) else {
                throw TPMError(.attributes, parameter(\.inPublic))
            }
        }
        try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try ObjectTemplate.check(publicArea, tpm: tpm, isExternal: true)
        }
        if let sensitive = input.inPrivate {
            try checkSensitive(sensitive, of: publicArea)
        } else {
            try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in try checkPublicKey(publicArea) }
        }
        let object = TPMObject(
            publicArea: publicArea, sensitive: input.inPrivate, hierarchy: input.hierarchy,
            qualifiedName: TPMObject.qualifiedName(of: publicArea, parentQualifiedName: input.hierarchy.bigEndianBytes))
        object.isExternal = true
        return Response(objectHandle: try tpm.addTransient(.object(object)), name: object.name)
    }

    /// A public area alone must still describe a usable key (the reference implementation's
    /// CryptValidateKeys): an RSA modulus of keyBits with its top bit set, an ECC point of the
    /// curve's size on the curve, a keyed-hash or symmetric unique of the name digest's size.
    private static func checkPublicKey(_ publicArea: TPMPublic) throws(TPMError) {
        switch (publicArea.parameters, publicArea.unique) {
        case (.rsa(_, _, let keyBits, let exponent), .rsa(let modulus)):
            guard modulus.count * 8 == Int(keyBits), let top = modulus.first, top >= 0x80 else { throw TPMError(.key) }
            do { _ = try RSA.PublicKey(modulus: modulus, exponent: exponent == 0 ? 65537 : exponent) } catch {
                throw TPMError(.key)
            }
        case (.ecc(_, _, let curveID, _), .ecc(let point)):
            guard let curve = curveID.curve, point.x.count == curve.keySize, point.y.count == curve.keySize else {
                throw TPMError(.key)
            }
            if publicArea.nameAlg != .null, !ECC.isOnCurve(curve: curve, point: ECCPoint(x: point.x, y: point.y)) {
                throw TPMError(.eccPoint)
            }
        case (_, .digest(let unique)):
            guard let hash = publicArea.nameAlg.hashAlgorithm, unique.count == hash.digestSize else {
                throw TPMError(.key)
            }
        default:
            throw TPMError(.key)
        }
    }

    /// A clear sensitive area: its type, the sizes of authValue, seed and key material, then the
    /// binding of the two halves (the reference implementation's ObjectLoad and CryptValidateKeys).
    private static func checkSensitive(_ sensitive: TPMSensitive, of publicArea: TPMPublic) throws(TPMError) {
        guard sensitive.type == publicArea.type else { throw TPMError(.type, parameter(\.inPrivate)) }
        let digestSize = publicArea.nameAlg.hashAlgorithm?.digestSize
        if let digestSize {
            guard sensitive.authValue.count <= digestSize else { throw TPMError(.size, parameter(\.inPrivate)) }
            guard sensitive.seedValue.count <= digestSize else { throw TPMError(.keySize, parameter(\.inPrivate)) }
        }
        let material = sensitive.sensitive
        switch publicArea.parameters {
        case .rsa(_, _, let keyBits, _):
            // One prime, half the modulus, top bit set.
            guard material.count * 16 == Int(keyBits), let top = material.first, top >= 0x80 else {
                throw TPMError(.keySize, parameter(\.inPrivate))
            }
        case .ecc:
            break
        case .symCipher(let sym):
            guard material.count * 8 == Int(sym.keyBits) else { throw TPMError(.keySize, parameter(\.inPrivate)) }
            try TPMError.attributing(parameter(\.inPrivate)) { () throws(TPMError) in
                try KeyGeneration.checkSuppliedKey(material, of: publicArea)
            }
        case .keyedHash(let scheme):
            // An HMAC or XOR key fits the hash's block; sealed data fits its buffer.
            let maximum =
                scheme.algorithm == .null ? TPMLimits.maxSensitiveData : scheme.hash.hashAlgorithm?.blockSize ?? 0
            guard material.count <= maximum else { throw TPMError(.keySize, parameter(\.inPrivate)) }
        }
        if case .digest = publicArea.unique, let digestSize, sensitive.seedValue.count != digestSize {
            throw TPMError(.keySize, parameter(\.inPrivate))
        }
        try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try KeyGeneration.checkBinding(publicArea, sensitive)
        }
    }
}
