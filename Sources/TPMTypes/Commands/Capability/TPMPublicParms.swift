/// TPMT_PUBLIC_PARMS (Part 2 §12.2.3.8): an object type and the parameters of that type.
public struct TPMPublicParms: Equatable, Sendable, TPMCodable {
    public var type: TPMAlgorithm
    public var parameters: TPMPublicParameters

    /// Creates the public parameters from each field.
    /// - Parameters:
    ///   - type: the object type (TPMI_ALG_PUBLIC).
    ///   - parameters: the algorithm details for that type (TPMU_PUBLIC_PARMS).
    public init(type: TPMAlgorithm, parameters: TPMPublicParameters) {
        self.type = type
        self.parameters = parameters
    }

    public init(from reader: inout TPMReader) throws(TPMError) {
        type = try TPMAlgorithm(from: &reader)
        parameters = try TPMPublicParameters(type: type, from: &reader)
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(type)
        parameters.marshal(into: &writer)
    }
}
