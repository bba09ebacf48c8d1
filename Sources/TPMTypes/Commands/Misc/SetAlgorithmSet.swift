/// TPM2_SetAlgorithmSet (Part 3 §26.3): the vendor-defined set of algorithms to use.
public enum SetAlgorithmSet: TPMCommandDescription {
    public static let code = TPMCommandCode.setAlgorithmSet
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.platform])]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var algorithmSet: UInt32 = 0
        public static let fields: [TPMField<Self>] = [.integer(\.algorithmSet)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter algorithmSet: the vendor-dependent value that selects the algorithm set.
        public init(algorithmSet: UInt32) {
            self.algorithmSet = algorithmSet
        }
    }

    public typealias Response = TPMNoParameters
}
