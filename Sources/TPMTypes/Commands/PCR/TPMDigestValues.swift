/// TPML_DIGEST_VALUES (Part 2 §10.9.7): a list of TPMT_HA, each sized by its hash (at most
/// HASH_COUNT, 16 here: TPM_RC_SIZE beyond; a non-hash algorithm is TPM_RC_HASH).
public struct TPMDigestValues: Equatable, Sendable, TPMCodable {
    public var digests: [(TPMAlgorithm, [UInt8])]

    /// Creates the list from its entries.
    /// - Parameter digests: the entries (TPMT_HA): each hash algorithm with its digest.
    public init(_ digests: [(TPMAlgorithm, [UInt8])] = []) { self.digests = digests }

    public init(from reader: inout TPMReader) throws(TPMError) {
        let count: UInt32 = try reader.read()
        guard count <= 16 else { throw TPMError(.size) }
        digests = []
        for _ in 0..<count {
            let alg = try TPMAlgorithm(from: &reader)
            guard let hash = alg.hashAlgorithm else { throw TPMError(.hash) }
            digests.append((alg, try reader.readBytes(hash.digestSize)))
        }
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(UInt32(digests.count))
        for (alg, digest) in digests {
            writer.write(alg)
            writer.write(bytes: digest)
        }
    }

    public static func == (a: TPMDigestValues, b: TPMDigestValues) -> Bool {
        a.digests.count == b.digests.count && zip(a.digests, b.digests).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}
