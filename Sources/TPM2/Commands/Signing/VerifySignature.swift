import TPMTypes

/// TPM2_VerifySignature (Part 3 §20.1): checks a signature with a loaded public key and
/// returns a verified ticket (a NULL ticket for keys in the NULL hierarchy).
///
/// Response codes: TPM_RC_ATTRIBUTES (not a signing key: handle 1), TPM_RC_SIGNATURE (it does
/// not verify: parameter 2), TPM_RC_SCHEME (signature kind does not fit the key: parameter 2).
struct VerifySignature: TPMCommand {
    static let code = TPMCommandCode.verifySignature
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true

    struct Input {
        var key: TPMHandle
        var digest: [UInt8]
        var signature: TPMSignature
    }

    struct Output: TPMCommandOutput {
        var validation: TPMTicket
        func marshalParameters(into writer: inout TPMWriter) { writer.write(validation) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(key: handles[0], digest: try parameters.sizedParameter(1, max: TPMLimits.maxDigest), signature: try parameters.parameter(2))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let key = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(input.key) }
        guard key.attributes.contains(.sign) else { throw TPMError(.attributes, .handle(1)) }
        let valid = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in
            try SignatureSchemes.verify(input.signature, digest: input.digest, key: key, on: tpm)
        }
        guard valid else { throw TPMError(.signature, .parameter(2)) }
        guard let hash = key.nameHash else { return Output(validation: .null(TPMStructureTag.verified)) }
        return Output(validation: Tickets.verified(hierarchy: key.hierarchy, digest: input.digest, keyName: key.name, hash: hash, tpm: tpm))
    }
}
