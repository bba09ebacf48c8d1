import TPMTypes

/// A command as the dispatcher sees it: its layout and one closure that unmarshals the
/// (decrypted) parameters, runs the command and marshals its output.
struct CommandEntry {
    let code: TPMCommandCode
    let name: String
    let handles: [AuthRole]
    let handleTypes: [Set<TPMHandleType>]
    let firstParameterEncryptable: Bool
    let firstResponseEncryptable: Bool
    let writesNV: Bool
    let flushesHandles: Bool
    let hasResponseHandle: Bool
    /// False for the commands whose authorization area must be empty (the reference's
    /// NO_SESSIONS: Startup, ContextSave, ContextLoad, FlushContext): TPM_RC_AUTH_CONTEXT.
    var allowsSessions: Bool { !Self.withoutSessions.contains(code) }
    let run: (_ handles: [TPMHandle], _ parameters: [UInt8], _ tpm: TPMEngineState) throws(TPMError) -> (handle: TPMHandle?, parameters: [UInt8])

    private static let withoutSessions: Set<TPMCommandCode> = [.startup, .contextSave, .contextLoad, .flushContext]
}

extension TPMCommand {
    static func entry(name: String, hasResponseHandle: Bool = false) -> CommandEntry {
        CommandEntry(
            code: code, name: name, handles: handles, handleTypes: handleTypes,
            firstParameterEncryptable: firstParameterEncryptable,
            firstResponseEncryptable: firstResponseEncryptable,
            writesNV: writesNV, flushesHandles: flushesHandles,
            hasResponseHandle: hasResponseHandle,
            run: { (handles: [TPMHandle], parameters: [UInt8], tpm: TPMEngineState) throws(TPMError) in
                var reader = TPMReader(parameters)
                let input = try parse(handles: handles, parameters: &reader)
                // Bytes left after the last parameter: TPM_RC_SIZE (Part 3 §5.?).
                guard reader.isAtEnd else { throw TPMError(.size) }
                let output = try execute(input, on: tpm)
                var writer = TPMWriter()
                output.marshalParameters(into: &writer)
                return (output.responseHandle, writer.bytes)
            })
    }
}
