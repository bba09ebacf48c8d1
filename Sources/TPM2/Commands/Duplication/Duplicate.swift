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
struct Duplicate: TPMCommand {
    static let code = TPMCommandCode.duplicate
    static let handles: [AuthRole] = [.dup, .none]
    static let handleTypes = [HandleTypes.object, HandleTypes.objectOrNull]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var objectHandle: TPMHandle
        var newParentHandle: TPMHandle
        var encryptionKeyIn: [UInt8]
        var symmetricAlg: TPMSymmetricDefinition
    }

    struct Output: TPMCommandOutput {
        var encryptionKeyOut: [UInt8]
        var duplicate: [UInt8]
        var outSymSeed: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeSized(encryptionKeyOut)
            writer.writeSized(duplicate)
            writer.writeSized(outSymSeed)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        if handles[1].handleType == .permanent { _ = try HandleRules.oneOf(handles[1], [TPMRH.null], culprit: .handle(2)) }
        let key = try parameters.sizedParameter(1, max: TPMLimits.maxData)
        let sym: TPMSymmetricDefinition = try parameters.parameter(2)
        // TPMT_SYM_DEF_OBJECT+ has no XOR.
        if sym.algorithm == .xor { throw TPMError(.symmetric, .parameter(2)) }
        return Input(objectHandle: handles[0], newParentHandle: handles[1], encryptionKeyIn: key, symmetricAlg: sym)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let object = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(input.objectHandle) }
        let newParent: TPMObject? = input.newParentHandle == TPMRH.null ? nil
            : try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(input.newParentHandle) }
        let attributes = object.attributes
        if attributes.contains(.fixedParent) { throw TPMError(.attributes, .handle(1)) }
        guard let nameHash = object.nameHash else { throw TPMError(.type, .handle(1)) }
        if let newParent, !newParent.publicArea.isStorageParent { throw TPMError(.type, .handle(2)) }
        let sym = input.symmetricAlg
        if attributes.contains(.encryptedDuplication) {
            if sym.algorithm == .null { throw TPMError(.symmetric, .parameter(2)) }
            if newParent == nil { throw TPMError(.hierarchy, .handle(2)) }
        }
        if sym.algorithm == .null {
            if !input.encryptionKeyIn.isEmpty { throw TPMError(.size, .parameter(1)) }
        } else if !input.encryptionKeyIn.isEmpty && input.encryptionKeyIn.count != InnerWrap.keySize(sym) {
            throw TPMError(.size, .parameter(1))
        }
        let sensitive = try object.requireSensitive()

        var seed: [UInt8] = []
        var outSymSeed: [UInt8] = []
        if let newParent { (seed, outSymSeed) = try SecretExchange.encryptSecret(to: newParent, label: "DUPLICATE", random: tpm.random) }

        var blob = ObjectProtection.marshalSensitive(sensitive)
        var key = input.encryptionKeyIn
        if sym.algorithm != .null {
            if key.isEmpty { key = tpm.random(InnerWrap.keySize(sym)) }
            blob = try InnerWrap.wrap(blob, name: object.name, nameHash: nameHash, sym: sym, key: key)
        }
        if let newParent { blob = try ObjectProtection.wrapOuter(blob, name: object.name, protector: newParent, seed: seed) }
        // As the reference implementation does, the key is returned whether the TPM made it or
        // the caller gave it.
        return Output(encryptionKeyOut: key, duplicate: blob, outSymSeed: outSymSeed)
    }
}
