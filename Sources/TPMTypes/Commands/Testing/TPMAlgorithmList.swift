/// TPML_ALG (Part 2 §10.9.3): at most MAX_ALG_LIST_SIZE (128) algorithms (TPM_RC_SIZE beyond).
public struct TPMAlgorithmList: Equatable, Sendable, TPMCodable {
    public var algorithms: [TPMAlgorithm]

    /// Creates a list of these algorithms.
    /// - Parameter algorithms: the algorithms, in order (reading more than 128 is TPM_RC_SIZE).
    public init(_ algorithms: [TPMAlgorithm] = []) { self.algorithms = algorithms }

    public init(from reader: inout TPMReader) throws(TPMError) {
        let count: UInt32 = try reader.read()
        guard count <= 128 else { throw TPMError(.size) }
        algorithms = []
        for _ in 0..<count { algorithms.append(try TPMAlgorithm(from: &reader)) }
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(UInt32(algorithms.count))
        for algorithm in algorithms { writer.write(algorithm) }
    }
}
