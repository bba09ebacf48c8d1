import TPMTypes
import TrustCrypto

/// TPM2_Create (Part 3 §12.1): a new ordinary object under a storage parent, returned
/// wrapped (not loaded) with its creation data and ticket.
///
/// Response codes: TPM_RC_TYPE (parent is not a storage key: handle 1), template errors on
/// parameter 2, sensitive errors on parameter 1 (TPM_RC_KEY for a weak TDES key), TPM_RC_ATTRIBUTES (fixedTPM under a parent
/// that is not fixedTPM: parameter 2), TPM_RC_HASH and TPM_RC_SYMMETRIC (a fixedParent storage key whose nameAlg or
/// symmetric definition differs from its parent's: parameter 2).
extension Create: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let (publicArea, sensitive, parent, creation) = try makeChild(
            parentHandle: handles[0], sensitive: input.inSensitive,
            template: input.inPublic, outsideInfo: input.outsideInfo,
            creationPCR: input.creationPCR, tpm: tpm)
        let blob = try ObjectProtection.wrap(sensitive, name: publicArea.name, parent: parent)
        return Response(
            outPrivate: blob, outPublic: publicArea, creationData: creation.data, creationHash: creation.hash,
            creationTicket: creation.ticket)
    }

    /// Shared by Create and CreateLoaded (whose template and sensitive data are parameters 2
    /// and 1 as here): checks the template against the parent and makes the object with fresh
    /// randomness.
    static func makeChild(
        parentHandle: TPMHandle, sensitive create: TPMSensitiveCreate, template: TPMPublic,
        outsideInfo: [UInt8], creationPCR: TPMPCRSelectionList,
        tpm: TPMEngineState
    ) throws(TPMError) -> (TPMPublic, TPMSensitive, TPMObject, Creation.Result) {
        let parent = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(parentHandle) }
        guard parent.publicArea.isStorageParent, parent.sensitive != nil else { throw TPMError(.type, .handle(1)) }
        try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try ObjectTemplate.check(template, tpm: tpm)
        }
        // A child can be no more bound to this TPM than its parent (the reference's PublicAttributesValidation).
        if template.attributes.contains(.fixedTPM) && !parent.attributes.contains(.fixedTPM) {
            throw TPMError(.attributes, parameter(\.inPublic))
        }
        // A storage key that can never leave its parent protects its children as the parent
        // does: same nameAlg and symmetric definition (the reference's rule, as swtpm answers).
        if template.isStorageParent && template.attributes.contains(.fixedParent) {
            if template.nameAlg != parent.publicArea.nameAlg { throw TPMError(.hash, parameter(\.inPublic)) }
            if template.parameters.symmetric != parent.publicArea.parameters.symmetric {
                throw TPMError(.symmetric, parameter(\.inPublic))
            }
        }
        try TPMError.attributing(parameter(\.inSensitive)) { () throws(TPMError) in
            try ObjectTemplate.checkSensitive(create, template: template)
        }
        let (publicArea, sensitive) = try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try KeyGeneration.generate(template: template, sensitive: create, random: tpm.random)
        }
        let creation = try Creation.record(
            object: publicArea, name: publicArea.name, hierarchy: parent.hierarchy,
            parent: (parent.publicArea.nameAlg, parent.name, parent.qualifiedName),
            outsideInfo: outsideInfo, pcrSelection: creationPCR, tpm: tpm)
        return (publicArea, sensitive, parent, creation)
    }
}
