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
        public init(moreData: Bool, capabilityData: TPMCapabilityData) {
            self.moreData = moreData
            self.capabilityData = capabilityData
        }
    }
}
