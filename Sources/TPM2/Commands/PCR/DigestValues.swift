import TPMTypes

/// TPML_DIGEST_VALUES (Part 2 §10.9.?): a list of TPMT_HA, each sized by its hash.
struct TPMDigestValues: Equatable, TPMCodable {
    var digests: [(TPMAlgorithm, [UInt8])]

    init(_ digests: [(TPMAlgorithm, [UInt8])]) { self.digests = digests }

    init(from reader: inout TPMReader) throws(TPMError) {
        let count: UInt32 = try reader.read()
        guard count <= 16 else { throw TPMError(.size) }
        digests = []
        for _ in 0..<count {
            let alg = try TPMAlgorithm(from: &reader)
            guard let hash = alg.hashAlgorithm else { throw TPMError(.hash) }
            digests.append((alg, try reader.readBytes(hash.digestSize)))
        }
    }

    func marshal(into writer: inout TPMWriter) {
        writer.write(UInt32(digests.count))
        for (alg, digest) in digests {
            writer.write(alg)
            writer.write(bytes: digest)
        }
    }

    static func == (a: TPMDigestValues, b: TPMDigestValues) -> Bool {
        a.digests.count == b.digests.count && zip(a.digests, b.digests).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// TPMI_DH_PCR+: a PCR number or TPM_RH_NULL.
func parsePCRHandle(_ handle: TPMHandle, count: Int, allowNull: Bool = true) throws(TPMError) -> Int? {
    if handle == TPMRH.null && allowNull { return nil }
    guard handle.handleType == .pcr, Int(handle) < count else { throw TPMError(.value, .handle(1)) }
    return Int(handle)
}
