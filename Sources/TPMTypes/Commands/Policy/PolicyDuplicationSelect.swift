/// TPM2_PolicyDuplicationSelect (Part 3 §23.15): the policy holds only to duplicate this object to this parent.
public enum PolicyDuplicationSelect: TPMCommandDescription {
    public static let code = TPMCommandCode.policyDuplicationSelect
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var objectName: [UInt8] = []
        public var newParentName: [UInt8] = []
        public var includeObject: Bool = false
        public static let fields: [TPMField<Self>] = [
            .sized(\.objectName, max: TPMLimits.maxName),
            .sized(\.newParentName, max: TPMLimits.maxName),
            .yesNo(\.includeObject),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - objectName: Name of the object to be duplicated.
        ///   - newParentName: Name of the new parent.
        ///   - includeObject: YES to include objectName in the policyDigest extension, NO to leave it out.
        public init(objectName: [UInt8], newParentName: [UInt8], includeObject: Bool) {
            self.objectName = objectName
            self.newParentName = newParentName
            self.includeObject = includeObject
        }
    }

    public typealias Response = TPMNoParameters
}
