import TPMTypes

/// TPM2_ClockSet (Part 3 §29.2): moves Clock forward (never back), with owner or platform
/// authorization.
///
/// Response codes: TPM_RC_VALUE (earlier than the current Clock, or above
/// 0xFFFF000000000000: parameter 1; handle 1 not owner or platform).
struct ClockSet: TPMCommand {
    static let code = TPMCommandCode.clockSet
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true
    /// Part 3 §29.2: leaves room so Clock cannot roll over.
    static let maximum: UInt64 = 0xFFFF_0000_0000_0000

    struct Input { var newTime: UInt64 }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        _ = try HandleRules.provision(handles[0], culprit: .handle(1))
        return Input(newTime: try parameters.integerParameter(1))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        guard input.newTime <= maximum, input.newTime >= tpm.clock else { throw TPMError(.value, .parameter(1)) }
        tpm.setClock(input.newTime)
        return NoOutput()
    }
}
