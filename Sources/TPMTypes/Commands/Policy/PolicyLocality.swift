/// TPM2_PolicyLocality (Part 3 §23.8): the policy holds only at these localities (TPMA_LOCALITY).
public enum PolicyLocality: TPMCommandDescription {
    public static let code = TPMCommandCode.policyLocality
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]

    public struct Parameters: TPMParameterList {
        public var locality: UInt8 = 0
        public static let fields: [TPMField<Self>] = [.integer(\.locality)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter locality: the localities at which the policy holds (TPMA_LOCALITY).
        public init(locality: UInt8) {
            self.locality = locality
        }
    }

    public typealias Response = TPMNoParameters
}
