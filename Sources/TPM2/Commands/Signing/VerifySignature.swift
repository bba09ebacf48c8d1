import TPMTypes

/// TPM2_VerifySignature (Part 3 §20.1): checks a signature with a loaded public key and
/// returns a verified ticket (a NULL ticket for keys in the NULL hierarchy).
///
/// Response codes: TPM_RC_ATTRIBUTES (not a signing key: handle 1), TPM_RC_SIGNATURE (it does
/// not verify: parameter 2), TPM_RC_SCHEME (signature kind does not fit the key: parameter 2).
extension VerifySignature: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let key = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        guard key.attributes.contains(.sign) else { throw TPMError(.attributes, .handle(1)) }
        let valid = try TPMError.attributing(parameter(\.signature)) { () throws(TPMError) in
            try SignatureSchemes.verify(input.signature, digest: input.digest, key: key, on: tpm)
        }
        guard valid else { throw TPMError(.signature, parameter(\.signature)) }
        guard let hash = key.nameHash else { return Response(validation: .null(TPMStructureTag.verified)) }
        return Response(
            validation: Tickets.verified(
                hierarchy: key.hierarchy, digest: input.digest, keyName: key.name, hash: hash, tpm: tpm))
    }
}
