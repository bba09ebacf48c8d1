/// TPM2_GetTestResult (Part 3 §10.4): manufacturer data about the self-test and its result.
public enum GetTestResult: TPMCommandDescription {
    public static let code = TPMCommandCode.getTestResult
    public typealias Parameters = TPMNoParameters

    public struct Response: TPMParameterList {
        public var outData: [UInt8] = []
        public var testResult: UInt32 = 0
        public static let fields: [TPMField<Self>] = [
            .sized(\.outData, max: TPMLimits.maxBuffer), .integer(\.testResult),
        ]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - outData: manufacturer-specific information about the self-test.
        ///   - testResult: the self-test result as a TPM_RC (TPM_RC_SUCCESS when complete with no failure).
        public init(outData: [UInt8], testResult: UInt32) {
            self.outData = outData
            self.testResult = testResult
        }
    }
}
