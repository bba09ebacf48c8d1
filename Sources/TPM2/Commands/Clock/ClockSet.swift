import TPMTypes

/// TPM2_ClockSet (Part 3 §29.2): moves Clock forward (never back), with owner or platform
/// authorization.
///
/// Response codes: TPM_RC_VALUE (earlier than the current Clock, or above
/// 0xFFFF000000000000: parameter 1; handle 1 not owner or platform).
extension ClockSet: DescribedCommand {
    /// Part 3 §29.2: leaves room so Clock cannot roll over.
    static let maximum: UInt64 = 0xFFFF_0000_0000_0000

    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard input.newTime <= maximum, input.newTime >= tpm.clock else { throw TPMError(.value, parameter(\.newTime)) }
        tpm.setClock(input.newTime)
        return Response()
    }
}
