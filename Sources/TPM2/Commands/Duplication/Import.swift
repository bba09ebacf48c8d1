import TPMTypes
import TrustCrypto

/// TPM2_Import (Part 3 §13.3, Part 1 §23): takes a duplication blob made for this parent
/// (by TPM2_Duplicate or by software), removes its outer wrapper (seed decrypted with the
/// parent's key, label "DUPLICATE") and inner wrapper (the caller's symmetric key), and
/// returns the sensitive area wrapped as an ordinary private area under the parent, for Load.
///
/// Response codes: TPM_RC_ATTRIBUTES (the object has fixedTPM or fixedParent: parameter 2;
/// encryptedDuplication without an inner wrapper: parameter 1, without an outer wrapper:
/// parameter 4), TPM_RC_TYPE (parentHandle is not a storage parent, or a symmetric one for an
/// outer wrapper: handle 1), TPM_RC_SIZE (an encryption key of the wrong size: parameter 1;
/// an empty or malformed blob: parameter 3), TPM_RC_HASH (the object has no name algorithm:
/// parameter 2), TPM_RC_VALUE, TPM_RC_ECC_POINT (the seed does not decrypt: parameter 4),
/// TPM_RC_INTEGRITY (either wrapper's integrity fails: parameter 3), TPM_RC_INSUFFICIENT
/// (parameter 3), and under a fixedTPM parent the checks Load makes (template: parameter 2,
/// TPM_RC_BINDING: parameter 2).
extension Import: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let attributes = input.objectPublic.attributes
        if attributes.contains(.fixedTPM) || attributes.contains(.fixedParent) {
            throw TPMError(.attributes, parameter(\.objectPublic))
        }
        let parent = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        guard parent.publicArea.isStorageParent, parent.sensitive != nil else { throw TPMError(.type, .handle(1)) }
        let sym = input.symmetricAlg
        if sym.algorithm != .null {
            if input.encryptionKey.count != InnerWrap.keySize(sym) { throw TPMError(.size, parameter(\.encryptionKey)) }
        } else {
            if !input.encryptionKey.isEmpty { throw TPMError(.size, parameter(\.encryptionKey)) }
            if attributes.contains(.encryptedDuplication) { throw TPMError(.attributes, parameter(\.encryptionKey)) }
        }
        var seed: [UInt8] = []
        if !input.inSymSeed.isEmpty {
            // Only an asymmetric parent can receive a seed.
            if parent.publicArea.type == .symcipher { throw TPMError(.type, .handle(1)) }
            seed = try SecretExchange.decryptSecret(
                input.inSymSeed, key: parent, label: "DUPLICATE",
                culpritKey: .handle(1), culpritSecret: parameter(\.inSymSeed))
        } else if attributes.contains(.encryptedDuplication) {
            throw TPMError(.attributes, parameter(\.inSymSeed))
        }
        guard let nameHash = input.objectPublic.nameAlg.hashAlgorithm else {
            throw TPMError(.hash, parameter(\.objectPublic))
        }
        let name = input.objectPublic.name
        let sensitive = try TPMError.attributing(parameter(\.duplicate)) { () throws(TPMError) in
            try unwrapDuplicate(
                input.duplicate, name: name, nameHash: nameHash, parent: parent, seed: seed,
                sym: sym, key: input.encryptionKey)
        }
        // Under a fixedTPM parent the object is checked now, as Load would check it.
        if parent.attributes.contains(.fixedTPM) {
            try TPMError.attributing(parameter(\.objectPublic)) { () throws(TPMError) in
                try ObjectTemplate.check(input.objectPublic, tpm: tpm)
                try KeyGeneration.checkBinding(input.objectPublic, sensitive)
            }
        }
        return Response(outPrivate: try ObjectProtection.wrap(sensitive, name: name, parent: parent))
    }

    /// The reference implementation's DuplicateToSensitive: outer wrapper when there is a
    /// seed, inner wrapper when there is a symmetric algorithm, then a TPM2B_SENSITIVE that
    /// fills what is left exactly (TPM_RC_SIZE otherwise).
    private static func unwrapDuplicate(
        _ blob: [UInt8], name: [UInt8], nameHash: HashAlgorithm, parent: TPMObject,
        seed: [UInt8], sym: TPMSymmetricDefinition, key: [UInt8]
    ) throws(TPMError) -> TPMSensitive {
        guard !blob.isEmpty else { throw TPMError(.size) }
        var data = blob
        if !seed.isEmpty { data = try ObjectProtection.unwrapOuter(data, name: name, protector: parent, seed: seed) }
        if sym.algorithm != .null {
            data = try InnerWrap.unwrap(data, name: name, nameHash: nameHash, sym: sym, key: key)
        }
        return try ObjectProtection.unmarshalSensitive(data)
    }
}
