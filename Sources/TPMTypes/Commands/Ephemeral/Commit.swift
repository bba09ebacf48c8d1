/// TPM2_Commit (Part 3 §19.2): the first half of an anonymous (ECDAA) signature: the points K, L
/// and E and the commit counter.
public enum Commit: TPMCommandDescription {
    public static let code = TPMCommandCode.commit
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var p1: TPMECCPoint? = nil
        public var s2: [UInt8] = []
        public var y2: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .custom(
                \.p1,
                read: { (reader: inout TPMReader) throws(TPMError) in
                    // Absent for an empty TPM2B_ECC_POINT (size 0, or the 4 bytes of two empty coordinates).
                    let point = try reader.readNested(allowEmpty: true) { (inner: inout TPMReader) throws(TPMError) in
                        try TPMECCPoint(from: &inner)
                    }
                    return point.flatMap { $0.x.isEmpty && $0.y.isEmpty ? nil : $0 }
                },
                write: { point, writer in
                    if let point { writer.writeNested { point.marshal(into: &$0) } } else { writer.writeSized([]) }
                }),
            .sized(\.s2, max: TPMLimits.maxSensitiveData),
            .sized(\.y2, max: TPMLimits.maxECCKeyBytes),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - p1: the point P1 on the signing key's curve; nil for an empty TPM2B_ECC_POINT.
        ///   - s2: the octet string from which the x-coordinate of the base point (x2) is derived.
        ///   - y2: the y-coordinate of the point that goes with s2.
        public init(p1: TPMECCPoint?, s2: [UInt8], y2: [UInt8]) {
            self.p1 = p1
            self.s2 = s2
            self.y2 = y2
        }
    }

    public struct Response: TPMParameterList {
        public var k = TPMECCPoint()
        public var l = TPMECCPoint()
        public var e = TPMECCPoint()
        public var counter: UInt16 = 0
        public static let fields: [TPMField<Self>] = [
            .sizedValue(\.k),
            .sizedValue(\.l),
            .sizedValue(\.e),
            .integer(\.counter),
        ]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - k: the point K := [ds](x2, y2).
        ///   - l: the point L := [r](x2, y2).
        ///   - e: the point E := [r]P1.
        ///   - counter: the least-significant 16 bits of commitCount, to pass to the signing command.
        public init(k: TPMECCPoint, l: TPMECCPoint, e: TPMECCPoint, counter: UInt16) {
            self.k = k
            self.l = l
            self.e = e
            self.counter = counter
        }
    }
}
