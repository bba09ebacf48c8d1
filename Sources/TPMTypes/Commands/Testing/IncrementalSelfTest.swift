/// TPM2_IncrementalSelfTest (Part 3 §10.3): tests the listed algorithms and returns those
/// still untested.
public enum IncrementalSelfTest: TPMCommandDescription {
    public static let code = TPMCommandCode.incrementalSelfTest
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var toTest = TPMAlgorithmList()
        public static let fields: [TPMField<Self>] = [.value(\.toTest)]

        public init() {}
        public init(toTest: [TPMAlgorithm]) { self.toTest = TPMAlgorithmList(toTest) }
    }

    public struct Response: TPMParameterList {
        public var toDoList = TPMAlgorithmList()
        public static let fields: [TPMField<Self>] = [.value(\.toDoList)]

        public init() {}
        public init(toDoList: [TPMAlgorithm]) { self.toDoList = TPMAlgorithmList(toDoList) }
    }
}
