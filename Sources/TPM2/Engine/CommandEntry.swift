import TPMTypes

/// A command as the dispatcher sees it: its layout and one closure that unmarshals the
/// (decrypted) parameters, runs the command and marshals its output.
struct CommandEntry: Sendable {
    let code: TPMCommandCode
    let name: String
    let slots: [TPMHandleSlot]
    let attributes: TPMCommandAttributes
    let hasResponseHandle: Bool
    let run:
        @Sendable (_ handles: [TPMHandle], _ parameters: [UInt8], _ tpm: TPMEngineState) throws(TPMError) -> (
            handle: TPMHandle?, parameters: [UInt8]
        )

    var handles: [AuthRole] { slots.map(\.role) }
    var firstParameterEncryptable: Bool { attributes.contains(.decryptsFirstParameter) }
    var firstResponseEncryptable: Bool { attributes.contains(.encryptsFirstResponse) }
    var writesNV: Bool { attributes.contains(.writesNV) }
    var flushesHandles: Bool { attributes.contains(.flushesHandles) }
    /// False for the commands whose authorization area must be empty: TPM_RC_AUTH_CONTEXT.
    var allowsSessions: Bool { !attributes.contains(.withoutSessions) }
}

/// The engine's half of a described command: its body. Parsing, marshalling and the table
/// entry come from the description (TPMTypes).
protocol DescribedCommand: TPMCommandDescription {
    static func execute(_ handles: [TPMHandle], _ parameters: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
}

extension DescribedCommand {
    static func entry() -> CommandEntry {
        CommandEntry(
            code: code, name: name, slots: handles, attributes: attributes, hasResponseHandle: returnsHandle,
            run: { (handles: [TPMHandle], parameters: [UInt8], tpm: TPMEngineState) throws(TPMError) in
                var reader = TPMReader(parameters)
                let input = try Parameters(from: &reader)
                // Bytes left after the last parameter: TPM_RC_SIZE (Part 3 §5.6).
                guard reader.isAtEnd else { throw TPMError(.size) }
                let output = try execute(handles, input, on: tpm)
                return (Response.handleField.map { output[keyPath: $0] }, output.marshalled)
            })
    }

    /// `.parameter(n)` for the parameter at `path`, for the response codes a body raises.
    static func parameter(_ path: PartialKeyPath<Parameters>) -> TPMError.Culprit { Parameters.culprit(path) }
}
