/// TPML_CC (Part 2 §10.9.1): at most MAX_CAP_CC (MAX_CAP_DATA / 4 = 254) command codes; more is
/// TPM_RC_SIZE.
public struct TPMCommandCodeList: Equatable, Sendable, TPMCodable {
    public var codes: [TPMCommandCode]

    /// Creates a list of these command codes.
    /// - Parameter codes: the command codes, in order (reading more than 254 is TPM_RC_SIZE).
    public init(_ codes: [TPMCommandCode] = []) { self.codes = codes }

    public init(from reader: inout TPMReader) throws(TPMError) {
        let count: UInt32 = try reader.read()
        guard count <= 254 else { throw TPMError(.size) }
        codes = []
        for _ in 0..<count { codes.append(try TPMCommandCode(from: &reader)) }
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(UInt32(codes.count))
        for code in codes { writer.write(code) }
    }
}
