/// TPM2_PCR_Read (Part 3 §22.4): up to eight PCR values of the selection, with the selection
/// they answer and the PCR update counter.
public enum PCR_Read: TPMCommandDescription {
    public static let code = TPMCommandCode.pcrRead

    public struct Parameters: TPMParameterList {
        public var pcrSelectionIn = TPMPCRSelectionList()
        public static let fields: [TPMField<Self>] = [.value(\.pcrSelectionIn)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter pcrSelectionIn: the selection of PCRs to read.
        public init(_ pcrSelectionIn: TPMPCRSelectionList) { self.pcrSelectionIn = pcrSelectionIn }
    }

    public struct Response: TPMParameterList {
        public var pcrUpdateCounter: UInt32 = 0
        public var pcrSelectionOut = TPMPCRSelectionList()
        /// TPML_DIGEST: at most eight.
        public var pcrValues: [[UInt8]] = []
        public static let fields: [TPMField<Self>] = [
            .integer(\.pcrUpdateCounter), .value(\.pcrSelectionOut),
            .custom(
                \.pcrValues,
                read: { (reader: inout TPMReader) throws(TPMError) in
                    let count: UInt32 = try reader.read()
                    guard count <= 8 else { throw TPMError(.size) }
                    var values: [[UInt8]] = []
                    for _ in 0..<count { values.append(try reader.readSized(max: TPMLimits.maxDigest)) }
                    return values
                },
                write: { values, writer in
                    writer.write(UInt32(values.count))
                    for value in values { writer.writeSized(value) }
                }),
        ]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameters:
        ///   - pcrUpdateCounter: the current value of the PCR update counter.
        ///   - pcrSelectionOut: the PCRs whose values are returned.
        ///   - pcrValues: the values of the PCRs in pcrSelectionOut, in its order.
        public init(pcrUpdateCounter: UInt32, pcrSelectionOut: TPMPCRSelectionList, pcrValues: [[UInt8]]) {
            self.pcrUpdateCounter = pcrUpdateCounter
            self.pcrSelectionOut = pcrSelectionOut
            self.pcrValues = pcrValues
        }
    }
}
