/// TPM2_ClockSet (Part 3 §29.2): moves Clock forward, never back.
public enum ClockSet: TPMCommandDescription {
    public static let code = TPMCommandCode.clockSet
    public static let handles: [TPMHandleSlot] = [.provision(.user)]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var newTime: UInt64 = 0
        public static let fields: [TPMField<Self>] = [.integer(\.newTime)]

        public init() {}
        public init(newTime: UInt64) { self.newTime = newTime }
    }

    public typealias Response = TPMNoParameters
}
