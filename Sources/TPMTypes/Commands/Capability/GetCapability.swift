/// TPM2_GetCapability (Part 3 §30.2): one of the TPM's lists, from `property` onward, at most
/// `propertyCount` entries, with moreData set when the list goes on.
public enum GetCapability: TPMCommandDescription {
    public static let code = TPMCommandCode.getCapability

    public struct Parameters: TPMParameterList {
        public var capability = TPMCapability.algorithms
        public var property: UInt32 = 0
        public var propertyCount: UInt32 = 0
        public static let fields: [TPMField<Self>] = [
            .value(\.capability), .integer(\.property), .integer(\.propertyCount),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - capability: the capability group (TPM_CAP) to read.
        ///   - property: the first property of that group to return: a handle, algorithm, command code, TPM_PT, etc.
        ///   - count: the most entries to return (propertyCount).
        public init(_ capability: TPMCapability, property: UInt32 = 0, count: UInt32) {
            self.capability = capability
            self.property = property
            propertyCount = count
        }
    }

    public struct Response: TPMParameterList {
        public var moreData = false
        public var capabilityData = TPMCapabilityData.handles([])
        public static let fields: [TPMField<Self>] = [.yesNo(\.moreData), .value(\.capabilityData)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - moreData: YES if there are more values of this capability after those returned.
        ///   - capabilityData: the capability and the entries returned (TPMS_CAPABILITY_DATA).
        public init(moreData: Bool, capabilityData: TPMCapabilityData) {
            self.moreData = moreData
            self.capabilityData = capabilityData
        }
    }
}
