import TPMTypes

/// TPM2_CreateLoaded (Part 3 §12.9): creates an object and loads it at once. Under a storage
/// parent it is an ordinary object made with fresh randomness and also returned wrapped, as
/// Create would; under a hierarchy it is that hierarchy's primary object, derived from its
/// seed exactly as CreatePrimary derives it, and no private area is returned.
///
/// Under a derivation parent (a restricted keyed-hash decryption key, Part 1 §28.?) the object
/// is derived: the template's unique field is read as a TPMS_DERIVE, a TPMS_DERIVE in the
/// sensitive data fills the label or context the template leaves empty, and the key comes from
/// KDFa over the parent's secret, so the same parent, template, label and context always give
/// the same key. It is loaded in the parent's hierarchy and no private area is returned.
///
/// Response codes: TPM_RC_VALUE (not an object or hierarchy: handle 1), TPM_RC_TYPE (parent
/// is neither a storage key nor a derivation parent: handle 1), template errors on parameter 2
/// (TPM_RC_TYPE, _HASH, _ATTRIBUTES, _SCHEME, _SYMMETRIC, _KEY_SIZE, _CURVE, _MODE, _KDF, _SIZE;
/// TPM_RC_TYPE for an RSA key under a derivation parent), sensitive errors on parameter 1
/// (TPM_RC_SIZE, _ATTRIBUTES, _KEY_SIZE), TPM_RC_OBJECT_MEMORY. Two derivation errors carry no
/// parameter number, as in the reference implementation: TPM_RC_ATTRIBUTES for a derived
/// template with sensitiveDataOrigin SET, and the unmarshalling error of a TPMS_DERIVE in the
/// sensitive data that does not parse.
struct CreateLoaded: TPMCommand {
    static let code = TPMCommandCode.createLoaded
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.parent]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var parent: TPMHandle
        var sensitive: TPMSensitiveCreate
        /// The TPM2B_TEMPLATE read as a TPMT_PUBLIC, or why it is not one.
        var template: Result<TPMPublic, TPMError>
        /// The same buffer, for a derivation parent, under which its unique field is a TPMS_DERIVE.
        var templateBytes: [UInt8]
    }

    struct Output: TPMCommandOutput {
        var handle: TPMHandle
        var outPrivate: [UInt8]
        var outPublic: TPMPublic
        var name: [UInt8]
        var responseHandle: TPMHandle? { handle }
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeSized(outPrivate)
            outPublic.marshalSized(into: &writer)
            writer.writeSized(name)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        // TPMI_DH_PARENT+: a loaded object or a hierarchy, TPM_RH_NULL included.
        let parent = handles[0]
        switch parent.handleType {
        case .transient?, .persistent?: break
        default: _ = try parseHierarchy(parent, allowNull: true, culprit: .handle(1))
        }
        let sensitive = try TPMError.attributing(.parameter(1)) { () throws(TPMError) in try TPMSensitiveCreate(sizedFrom: &parameters) }
        // TPM2B_TEMPLATE: a TPMT_PUBLIC in a sized buffer, except that under a derivation parent,
        // known only when the command runs, its unique field is a TPMS_DERIVE. Both readings
        // are kept; the buffer itself must be whole.
        var probe = parameters
        let template = Result { () throws(TPMError) in try TPMPublic(sizedFrom: &probe) }
        let templateBytes = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in
            do throws(TPMError) { return try parameters.readSized(max: TPMLimits.maxPublic) } catch {
                if case .failure(let templateError) = template { throw templateError }
                throw error
            }
        }
        return Input(parent: parent, sensitive: sensitive, template: template, templateBytes: templateBytes)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        if input.parent.handleType != .permanent, let parent = try? tpm.object(input.parent),
           parent.publicArea.isDerivationParent, parent.sensitive != nil {
            return try derive(input, parent: parent, tpm: tpm)
        }
        let template = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in try input.template.get() }
        if input.parent.handleType == .permanent {
            let primary = try CreatePrimary.execute([input.parent], TPMCreateParameters(inSensitive: input.sensitive, inPublic: template),
                                                    on: tpm)
            return Output(handle: primary.objectHandle, outPrivate: [], outPublic: primary.outPublic, name: primary.name)
        }
        guard tpm.hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        let (publicArea, sensitive, parent, _) = try Create.makeChild(parentHandle: input.parent, sensitive: input.sensitive,
                                                                      template: template, outsideInfo: [],
                                                                      creationPCR: TPMPCRSelectionList(), tpm: tpm)
        let name = publicArea.name
        let outPrivate = try ObjectProtection.wrap(sensitive, name: name, parent: parent)
        let object = TPMObject(publicArea: publicArea, sensitive: sensitive, hierarchy: parent.hierarchy,
                               qualifiedName: TPMObject.qualifiedName(of: publicArea, parentQualifiedName: parent.qualifiedName))
        let handle = try tpm.addTransient(.object(object))
        return Output(handle: handle, outPrivate: outPrivate, outPublic: publicArea, name: name)
    }

    /// A derived object (Part 1 §28.?), in the reference's order: the template, the size of
    /// userAuth, no RSA (its prime search is not a KDF's job), sensitiveDataOrigin CLEAR (the
    /// parent's KDF is the origin), the usual template rules plus those for derived objects,
    /// then the label and context.
    private static func derive(_ input: Input, parent: TPMObject, tpm: TPMEngineState) throws(TPMError) -> Output {
        guard tpm.hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        let (template, templateDerive) = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in
            try TPMPublic.derivationTemplate(input.templateBytes)
        }
        try TPMError.attributing(.parameter(1)) { () throws(TPMError) in
            try ObjectTemplate.checkUserAuth(input.sensitive.userAuth, template: template)
        }
        if template.type == .rsa { throw TPMError(.type, .parameter(2)) }
        if template.attributes.contains(.sensitiveDataOrigin) { throw TPMError(.attributes) }
        try TPMError.attributing(.parameter(2)) { () throws(TPMError) in
            try ObjectTemplate.check(template, tpm: tpm)
            // A derived object stays with its parent and is as bound to this TPM as the parent is
            // (reference PublicAttributesValidation).
            let fixedTPM = template.attributes.contains(.fixedTPM)
            guard template.attributes.contains(.fixedParent), fixedTPM == parent.attributes.contains(.fixedTPM) else {
                throw TPMError(.attributes)
            }
        }
        let derive = try templateDerive.completed(bySensitiveData: input.sensitive.data)
        guard let secret = parent.sensitive?.sensitive, let kdfHash = parent.publicArea.parameters.scheme.hash.hashAlgorithm else {
            throw TPMError(.type, .handle(1))
        }
        let stream = DerivedKeyStream(hash: kdfHash, secret: secret, derive: derive)
        let (publicArea, sensitive) = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in
            try KeyGeneration.generate(template: template, sensitive: TPMSensitiveCreate(userAuth: input.sensitive.userAuth),
                                       random: stream.next)
        }
        let object = TPMObject(publicArea: publicArea, sensitive: sensitive, hierarchy: parent.hierarchy,
                               qualifiedName: TPMObject.qualifiedName(of: publicArea, parentQualifiedName: parent.qualifiedName))
        let handle = try tpm.addTransient(.object(object))
        return Output(handle: handle, outPrivate: [], outPublic: publicArea, name: publicArea.name)
    }
}
