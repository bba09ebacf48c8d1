/// TPM2_PolicyOR (Part 3 §23.6): the policy holds when the session's digest is one of two to eight.
public enum PolicyOR: TPMCommandDescription {
    public static let code = TPMCommandCode.policyOR
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]

    public struct Parameters: TPMParameterList {
        public var pHashList: [[UInt8]] = []
        public static let fields: [TPMField<Self>] = [
            .custom(
                \.pHashList,
                read: { (reader: inout TPMReader) throws(TPMError) in
                    // TPML_DIGEST with count {2:8} in this command (Part 2 §10.9.2).
                    let count: UInt32 = try reader.read()
                    guard count >= 2, count <= 8 else { throw TPMError(.size) }
                    var list: [[UInt8]] = []
                    for _ in 0..<count { list.append(try reader.readSized(max: TPMLimits.maxDigest)) }
                    return list
                },
                write: { list, writer in
                    writer.write(UInt32(list.count))
                    for digest in list { writer.writeSized(digest) }
                })
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter pHashList: the two to eight policy digests (TPML_DIGEST), one of which must equal the session's.
        public init(pHashList: [[UInt8]]) {
            self.pHashList = pHashList
        }
    }

    public typealias Response = TPMNoParameters
}
