import TPMTypes
import TrustCrypto

/// TPM2_Duplicate (Part 3 §13.1, Part 1 §23): the sensitive area of a loaded object, made
/// ready to be imported under another parent. An optional inner wrapper (symmetricAlg, with
/// the caller's key or one the TPM makes and returns) and, unless newParentHandle is
/// TPM_RH_NULL, an outer wrapper under a seed sent to the new parent with label "DUPLICATE".
/// objectHandle is authorized in the DUP role: by a policy only.
///
/// Response codes: TPM_RC_ATTRIBUTES (the object has fixedParent: handle 1), TPM_RC_TYPE (the
/// object has no name algorithm: handle 1; newParentHandle is neither a storage key nor
/// TPM_RH_NULL: handle 2), TPM_RC_SYMMETRIC (encryptedDuplication without an inner wrapper:
/// parameter 2; XOR as the inner wrapper), TPM_RC_HIERARCHY (encryptedDuplication to
/// TPM_RH_NULL: handle 2), TPM_RC_SIZE (a key with no inner wrapper, or of the wrong size:
/// parameter 1), TPM_RC_KEY, TPM_RC_VALUE (the seed cannot be sent to the new parent).
extension Duplicate: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let object = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        let newParent: TPMObject? =
            handles[1] == TPMRH.null
            ? nil
            : try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(handles[1]) }
        let attributes = object.attributes
        if attributes.contains(.fixedParent) { throw TPMError(.attributes, .handle(1)) }
        guard let nameHash = object.nameHash else { throw TPMError(.type, .handle(1)) }
        if let newParent, !newParent.publicArea.isStorageParent { throw TPMError(.type, .handle(2)) }
        let sym = input.symmetricAlg
        if attributes.contains(.encryptedDuplication) {
            if sym.algorithm == .null { throw TPMError(.symmetric, parameter(\.symmetricAlg)) }
            if newParent == nil { throw TPMError(.hierarchy, .handle(2)) }
        }
        if sym.algorithm == .null {
            if !input.encryptionKeyIn.isEmpty { throw TPMError(.size, parameter(\.encryptionKeyIn)) }
        } else if !input.encryptionKeyIn.isEmpty && input.encryptionKeyIn.count != InnerWrap.keySize(sym) {
            throw TPMError(.size, parameter(\.encryptionKeyIn))
        }
        let sensitive = try object.requireSensitive()

        var seed: [UInt8] = []
        var outSymSeed: [UInt8] = []
        if let newParent {
            (seed, outSymSeed) = try SecretExchange.encryptSecret(to: newParent, label: "DUPLICATE", random: tpm.random)
        }

        var blob = ObjectProtection.marshalSensitive(sensitive)
        var key = input.encryptionKeyIn
        if sym.algorithm != .null {
            if key.isEmpty { key = tpm.random(InnerWrap.keySize(sym)) }
            blob = try InnerWrap.wrap(blob, name: object.name, nameHash: nameHash, sym: sym, key: key)
        }
        if let newParent {
            blob = try ObjectProtection.wrapOuter(blob, name: object.name, protector: newParent, seed: seed)
        }
        // As the reference implementation does, the key is returned whether the TPM made it or
        // the caller gave it.
        return Response(encryptionKeyOut: key, duplicate: blob, outSymSeed: outSymSeed)
    }
}
