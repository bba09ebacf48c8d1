import TPMTypes

/// TPM2_CreateLoaded (Part 3 §12.9): creates an object and loads it at once. Under a storage
/// parent it is an ordinary object made with fresh randomness and also returned wrapped, as
/// Create would; under a hierarchy it is that hierarchy's primary object, derived from its
/// seed exactly as CreatePrimary derives it, and no private area is returned.
///
/// Under a derivation parent (a restricted keyed-hash decryption key, as the reference's
/// ObjectSetLoadedAttributes marks it) the object is derived: the template's unique field is read
/// as a TPMS_DERIVE, a TPMS_DERIVE in the sensitive data fills the label or context the template
/// leaves empty, and the key comes from KDFa over the parent's secret, so the same parent,
/// template, label and context always give the same key. It is loaded in the parent's hierarchy
/// and no private area is returned.
///
/// Response codes: TPM_RC_VALUE (not an object or hierarchy: handle 1), TPM_RC_TYPE (parent
/// is neither a storage key nor a derivation parent: handle 1), template errors on parameter 2
/// (TPM_RC_TYPE, _HASH, _ATTRIBUTES, _SCHEME, _SYMMETRIC, _KEY_SIZE, _CURVE, _MODE, _KDF, _SIZE;
/// TPM_RC_TYPE for an RSA key under a derivation parent), sensitive errors on parameter 1
/// (TPM_RC_SIZE, _ATTRIBUTES, _KEY_SIZE), TPM_RC_OBJECT_MEMORY. Two derivation errors carry no
/// parameter number, as in the reference implementation: TPM_RC_ATTRIBUTES for a derived
/// template with sensitiveDataOrigin SET, and the unmarshalling error of a TPMS_DERIVE in the
/// sensitive data that does not parse.
extension CreateLoaded: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        if handles[0].handleType != .permanent, let parent = try? tpm.object(handles[0]),
            parent.publicArea.isDerivationParent, parent.sensitive != nil
        {
            return try derive(handles, input, parent: parent, tpm: tpm)
        }
        let template = try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try input.inPublic.asPublic.get()
        }
        if handles[0].handleType == .permanent {
            let primary = try CreatePrimary.execute(
                [handles[0]], TPMCreateParameters(inSensitive: input.inSensitive, inPublic: template),
                on: tpm)
            return Response(
                objectHandle: primary.objectHandle, outPrivate: [], outPublic: primary.outPublic, name: primary.name)
        }
        guard tpm.hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        let (publicArea, sensitive, parent, _) = try Create.makeChild(
            parentHandle: handles[0], sensitive: input.inSensitive,
            template: template, outsideInfo: [],
            creationPCR: TPMPCRSelectionList(), tpm: tpm)
        let name = publicArea.name
        let outPrivate = try ObjectProtection.wrap(sensitive, name: name, parent: parent)
        let object = TPMObject(
            publicArea: publicArea, sensitive: sensitive, hierarchy: parent.hierarchy,
            qualifiedName: TPMObject.qualifiedName(of: publicArea, parentQualifiedName: parent.qualifiedName))
        let handle = try tpm.addTransient(.object(object))
        return Response(objectHandle: handle, outPrivate: outPrivate, outPublic: publicArea, name: name)
    }

    /// A derived object (Part 3 §12.9.1), in the reference's order: the template, the size of
    /// userAuth, no RSA (its prime search is not a KDF's job), sensitiveDataOrigin CLEAR (the
    /// parent's KDF is the origin), the usual template rules plus those for derived objects,
    /// then the label and context.
    private static func derive(_ handles: [TPMHandle], _ input: Parameters, parent: TPMObject, tpm: TPMEngineState)
        throws(TPMError) -> Response
    {
        guard tpm.hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        let (template, templateDerive) = try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try TPMPublic.derivationTemplate(input.inPublic.bytes)
        }
        try TPMError.attributing(parameter(\.inSensitive)) { () throws(TPMError) in
            try ObjectTemplate.checkUserAuth(input.inSensitive.userAuth, template: template)
        }
        if template.type == .rsa { throw TPMError(.type, parameter(\.inPublic)) }
        if template.attributes.contains(.sensitiveDataOrigin) { throw TPMError(.attributes) }
        try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try ObjectTemplate.check(template, tpm: tpm)
            // A derived object stays with its parent and is as bound to this TPM as the parent is
            // (reference PublicAttributesValidation).
            let fixedTPM = template.attributes.contains(.fixedTPM)
            guard template.attributes.contains(.fixedParent), fixedTPM == parent.attributes.contains(.fixedTPM) else {
                throw TPMError(.attributes)
            }
        }
        let derive = try templateDerive.completed(bySensitiveData: input.inSensitive.data)
        guard let secret = parent.sensitive?.sensitive,
            let kdfHash = parent.publicArea.parameters.scheme.hash.hashAlgorithm
        else {
            throw TPMError(.type, .handle(1))
        }
        let stream = DerivedKeyStream(hash: kdfHash, secret: secret, derive: derive)
        let (publicArea, sensitive) = try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try KeyGeneration.generate(
                template: template, sensitive: TPMSensitiveCreate(userAuth: input.inSensitive.userAuth),
                random: stream.next)
        }
        let object = TPMObject(
            publicArea: publicArea, sensitive: sensitive, hierarchy: parent.hierarchy,
            qualifiedName: TPMObject.qualifiedName(of: publicArea, parentQualifiedName: parent.qualifiedName))
        let handle = try tpm.addTransient(.object(object))
        return Response(objectHandle: handle, outPrivate: [], outPublic: publicArea, name: publicArea.name)
    }
}
