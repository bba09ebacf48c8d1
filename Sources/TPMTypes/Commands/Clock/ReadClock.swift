/// TPM2_ReadClock (Part 3 §29.1): Time since the last TPM Reset and the clock information.
public enum ReadClock: TPMCommandDescription {
    public static let code = TPMCommandCode.readClock
    public typealias Parameters = TPMNoParameters

    /// TPMS_TIME_INFO.
    public struct Response: TPMParameterList {
        public var time: UInt64 = 0
        public var clockInfo = TPMClockInfo()
        public static let fields: [TPMField<Self>] = [.integer(\.time), .value(\.clockInfo)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - time: Time, the milliseconds since the timer was last reset (TPMS_TIME_INFO.time).
        ///   - clockInfo: the Clock, resetCount, restartCount and Safe values.
        public init(time: UInt64, clockInfo: TPMClockInfo) {
            self.time = time
            self.clockInfo = clockInfo
        }
    }
}
