import TPMTypes
import TrustCrypto

/// TPM2_CreatePrimary (Part 3 §24.1): a key derived from the hierarchy's Primary Seed, the
/// template and the sensitive data, loaded at a transient handle. Same inputs, same key, so
/// derived key material is cached and a repeat costs no prime search.
///
/// Response codes: TPM_RC_VALUE (not a hierarchy: handle 1), template errors on parameter 2
/// (TPM_RC_TYPE, _HASH, _ATTRIBUTES, _SCHEME, _SYMMETRIC, _KEY_SIZE, _CURVE, _MODE, _SIZE),
/// sensitive errors on parameter 1 (TPM_RC_SIZE, _ATTRIBUTES), TPM_RC_OBJECT_MEMORY.
struct CreatePrimary: TPMCommand {
    static let code = TPMCommandCode.createPrimary
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var hierarchy: TPMHandle
        var sensitive: TPMSensitiveCreate
        var template: TPMPublic
        var outsideInfo: [UInt8]
        var creationPCR: TPMPCRSelectionList
    }

    struct Output: TPMCommandOutput {
        var handle: TPMHandle
        var outPublic: TPMPublic
        var creation: Creation.Result
        var name: [UInt8]
        var responseHandle: TPMHandle? { handle }
        func marshalParameters(into writer: inout TPMWriter) {
            outPublic.marshalSized(into: &writer)
            writer.writeNested { creation.data.marshal(into: &$0) }
            writer.writeSized(creation.hash)
            writer.write(creation.ticket)
            writer.writeSized(name)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let hierarchy = try parseHierarchy(handles[0], allowNull: true, culprit: .handle(1))
        let sensitive = try TPMError.attributing(.parameter(1)) { () throws(TPMError) in try TPMSensitiveCreate(sizedFrom: &parameters) }
        let template = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in try TPMPublic(sizedFrom: &parameters) }
        return Input(hierarchy: hierarchy, sensitive: sensitive, template: template,
                     outsideInfo: try parameters.sizedParameter(3, max: TPMLimits.maxData),
                     creationPCR: try parameters.parameter(4))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        try TPMError.attributing(.parameter(2)) { () throws(TPMError) in try ObjectTemplate.check(input.template, tpm: tpm) }
        try TPMError.attributing(.parameter(1)) { () throws(TPMError) in
            try ObjectTemplate.checkSensitive(input.sensitive, template: input.template)
        }
        guard tpm.hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        guard let nameHash = input.template.nameAlg.hashAlgorithm else { throw TPMError(.hash, .parameter(2)) }

        let seed = tpm.primarySeed(input.hierarchy)
        let (publicArea, sensitive) = try tpm.primaryCache.derive(seed: seed, template: input.template, sensitive: input.sensitive) {
            () throws(TPMError) in
            let stream = PrimaryKeyStream(hash: nameHash, seed: seed, templateName: input.template.name, sensitiveData: input.sensitive.data)
            return try TPMError.attributing(.parameter(2)) { () throws(TPMError) in
                try KeyGeneration.generate(template: input.template, sensitive: input.sensitive, random: stream.next)
            }
        }
        let name = publicArea.name
        let hierarchyName = input.hierarchy.bigEndianBytes
        let object = TPMObject(publicArea: publicArea, sensitive: sensitive, hierarchy: input.hierarchy,
                               qualifiedName: TPMObject.qualifiedName(of: publicArea, parentQualifiedName: hierarchyName))
        object.isPrimary = true
        let creation = try Creation.record(object: publicArea, name: name, hierarchy: input.hierarchy,
                                           parent: (.null, hierarchyName, hierarchyName), outsideInfo: input.outsideInfo,
                                           pcrSelection: input.creationPCR, tpm: tpm)
        let handle = try tpm.addTransient(.object(object))
        return Output(handle: handle, outPublic: publicArea, creation: creation, name: name)
    }
}
