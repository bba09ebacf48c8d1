/// TPM2_SelfTest (Part 3 §10.2): tests the TPM's functions, all of them with fullTest YES.
public enum SelfTest: TPMCommandDescription {
    public static let code = TPMCommandCode.selfTest
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var fullTest = false
        public static let fields: [TPMField<Self>] = [.yesNo(\.fullTest)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter fullTest: YES to test every function, NO to test only those not yet tested.
        public init(fullTest: Bool) { self.fullTest = fullTest }
    }

    public typealias Response = TPMNoParameters
}
