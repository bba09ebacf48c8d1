/// TPM2_ClockSet (Part 3 §29.2): moves Clock forward, never back.
public enum ClockSet: TPMCommandDescription {
    public static let code = TPMCommandCode.clockSet
    public static let handles: [TPMHandleSlot] = [.provision(.user)]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var newTime: UInt64 = 0
        public static let fields: [TPMField<Self>] = [.integer(\.newTime)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter newTime: the new Clock setting, in milliseconds; it may not be less than the current Clock.
        public init(newTime: UInt64) { self.newTime = newTime }
    }

    public typealias Response = TPMNoParameters
}
