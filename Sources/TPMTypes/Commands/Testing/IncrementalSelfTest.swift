/// TPM2_IncrementalSelfTest (Part 3 §10.3): tests the listed algorithms and returns those
/// still untested.
public enum IncrementalSelfTest: TPMCommandDescription {
    public static let code = TPMCommandCode.incrementalSelfTest
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var toTest = TPMAlgorithmList()
        public static let fields: [TPMField<Self>] = [.value(\.toTest)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter toTest: the algorithms to test.
        public init(toTest: [TPMAlgorithm]) { self.toTest = TPMAlgorithmList(toTest) }
    }

    public struct Response: TPMParameterList {
        public var toDoList = TPMAlgorithmList()
        public static let fields: [TPMField<Self>] = [.value(\.toDoList)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameter toDoList: the algorithms that still need testing.
        public init(toDoList: [TPMAlgorithm]) { self.toDoList = TPMAlgorithmList(toDoList) }
    }
}
