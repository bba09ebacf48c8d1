import TPMTypes
import TrustCrypto

/// TPM2_CreatePrimary (Part 3 §24.1): a key derived from the hierarchy's Primary Seed, the
/// template and the sensitive data, loaded at a transient handle. Same inputs, same key, so
/// derived key material is cached and a repeat costs no prime search.
///
/// Response codes: TPM_RC_VALUE (not a hierarchy: handle 1), template errors on parameter 2
/// (TPM_RC_TYPE, _HASH, _ATTRIBUTES, _SCHEME, _SYMMETRIC, _KEY_SIZE, _CURVE, _MODE, _SIZE),
/// sensitive errors on parameter 1 (TPM_RC_SIZE, _ATTRIBUTES), TPM_RC_OBJECT_MEMORY.
extension CreatePrimary: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try ObjectTemplate.check(input.inPublic, tpm: tpm)
        }
        try TPMError.attributing(parameter(\.inSensitive)) { () throws(TPMError) in
            try ObjectTemplate.checkSensitive(input.inSensitive, template: input.inPublic)
        }
        guard tpm.hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        guard let nameHash = input.inPublic.nameAlg.hashAlgorithm else { throw TPMError(.hash, parameter(\.inPublic)) }

        let seed = tpm.primarySeed(handles[0])
        let (publicArea, sensitive) = try tpm.primaryCache.derive(
            seed: seed, template: input.inPublic, sensitive: input.inSensitive
        ) {
            () throws(TPMError) in
            let stream = PrimaryKeyStream(
                hash: nameHash, seed: seed, templateName: input.inPublic.name, sensitiveData: input.inSensitive.data)
            return try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
                try KeyGeneration.generate(template: input.inPublic, sensitive: input.inSensitive, random: stream.next)
            }
        }
        let name = publicArea.name
        let hierarchyName = handles[0].bigEndianBytes
        let object = TPMObject(
            publicArea: publicArea, sensitive: sensitive, hierarchy: handles[0],
            qualifiedName: TPMObject.qualifiedName(of: publicArea, parentQualifiedName: hierarchyName))
        object.isPrimary = true
        let creation = try Creation.record(
            object: publicArea, name: name, hierarchy: handles[0],
            parent: (.null, hierarchyName, hierarchyName), outsideInfo: input.outsideInfo,
            pcrSelection: input.creationPCR, tpm: tpm)
        let handle = try tpm.addTransient(.object(object))
        return Response(
            objectHandle: handle, outPublic: publicArea, creationData: creation.data, creationHash: creation.hash,
            creationTicket: creation.ticket, name: name)
    }
}
