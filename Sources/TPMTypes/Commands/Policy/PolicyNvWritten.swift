/// TPM2_PolicyNvWritten (Part 3 §23.20): the policy holds only for an index whose written bit is so.
public enum PolicyNvWritten: TPMCommandDescription {
    public static let code = TPMCommandCode.policyNvWritten
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]

    public struct Parameters: TPMParameterList {
        public var writtenSet: Bool = false
        public static let fields: [TPMField<Self>] = [.yesNo(\.writtenSet)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter writtenSet: YES if the NV index must have been written, NO if it must not have been.
        public init(writtenSet: Bool) {
            self.writtenSet = writtenSet
        }
    }

    public typealias Response = TPMNoParameters
}
