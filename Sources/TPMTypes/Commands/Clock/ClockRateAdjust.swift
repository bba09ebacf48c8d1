/// TPM2_ClockRateAdjust (Part 3 §29.3): speeds Clock up or slows it down by a step.
public enum ClockRateAdjust: TPMCommandDescription {
    public static let code = TPMCommandCode.clockRateAdjust
    public static let handles: [TPMHandleSlot] = [.provision(.user)]

    public struct Parameters: TPMParameterList {
        /// TPM_CLOCK_ADJUST: -3 (coarse slower) ... 3 (coarse faster); others are TPM_RC_VALUE.
        public var rateAdjust: Int8 = 0
        public static let fields: [TPMField<Self>] = [
            .custom(
                \.rateAdjust,
                read: { (reader: inout TPMReader) throws(TPMError) in
                    let adjust = Int8(bitPattern: try reader.read(UInt8.self))
                    guard (-3...3).contains(adjust) else { throw TPMError(.value) }
                    return adjust
                }, write: { $1.write(UInt8(bitPattern: $0)) })
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter rateAdjust: the adjustment to the Clock update rate (TPM_CLOCK_ADJUST, -3 ... 3).
        public init(rateAdjust: Int8) { self.rateAdjust = rateAdjust }
    }

    public typealias Response = TPMNoParameters
}
