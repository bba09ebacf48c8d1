/// TPMS_CLOCK_INFO (Part 2 §10.11.1).
public struct TPMClockInfo: Equatable, Sendable, TPMCodable {
    public var clock: UInt64
    public var resetCount: UInt32
    public var restartCount: UInt32
    public var safe: Bool

    /// Creates the clock information from each field.
    /// - Parameters:
    ///   - clock: the time, in milliseconds, the TPM has been powered; non-volatile, and ClockSet can advance it.
    ///   - resetCount: the number of TPM Resets since the last TPM2_Clear.
    ///   - restartCount: the number of TPM2_Shutdown or _TPM_Hash_Start events since the last TPM Reset or
    ///     TPM2_Clear.
    ///   - safe: YES if no value of Clock greater than the current one has been reported.
    public init(clock: UInt64 = 0, resetCount: UInt32 = 0, restartCount: UInt32 = 0, safe: Bool = false) {
        self.clock = clock
        self.resetCount = resetCount
        self.restartCount = restartCount
        self.safe = safe
    }

    public init(from reader: inout TPMReader) throws(TPMError) {
        clock = try reader.read()
        resetCount = try reader.read()
        restartCount = try reader.read()
        switch try reader.read(UInt8.self) {
        case 0: safe = false
        case 1: safe = true
        default: throw TPMError(.value)
        }
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(clock)
        writer.write(resetCount)
        writer.write(restartCount)
        writer.write(UInt8(safe ? 1 : 0))
    }
}
