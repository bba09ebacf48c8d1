/// TPM2_TestParms (Part 3 §10.5): whether this TPM supports an object type with these parameters.
public enum TestParms: TPMCommandDescription {
    public static let code = TPMCommandCode.testParms

    public struct Parameters: TPMParameterList {
        public var parameters: TPMPublicParms = TPMPublicParms(type: .keyedHash, parameters: .keyedHash(scheme: .null))
        public static let fields: [TPMField<Self>] = [.value(\.parameters)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter parameters: the object type and algorithm parameters to be validated.
        public init(parameters: TPMPublicParms) {
            self.parameters = parameters
        }
    }

    public typealias Response = TPMNoParameters
}
