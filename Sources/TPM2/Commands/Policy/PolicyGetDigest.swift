import TPMTypes

/// TPM2_PolicyGetDigest (Part 3 §23.19): the session's current policyDigest, the value a
/// trial session builds for an object's authPolicy.
///
/// Response codes: TPM_RC_VALUE (handle 1 is not a policy session).
struct PolicyGetDigest: TPMCommand {
    static let code = TPMCommandCode.policyGetDigest
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]
    static let firstResponseEncryptable = true

    struct Input { var session: TPMHandle }

    struct Output: TPMCommandOutput {
        var policyDigest: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) { writer.writeSized(policyDigest) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(session: handles[0])
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        Output(policyDigest: try tpm.policySession(input.session).policyDigest)
    }
}
