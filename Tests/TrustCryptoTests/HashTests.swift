import Testing

@testable import TrustCrypto

@Suite("Hash")
struct HashTests {
    /// FIPS 180-4 examples ("abc" and the two-block message) and GB/T 32905-2016 Appendix A for SM3.
    @Test(
        "published digests",
        arguments: [
            (HashAlgorithm.sha1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (.sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                .sha256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                .sha384, "abc",
                "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
            ),
            (
                .sha512, "abc",
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
            ),
            (.sm3_256, "abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
            (
                .sm3_256, String(repeating: "abcd", count: 16),
                "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
            ),
        ])
    func knownAnswers(alg: HashAlgorithm, message: String, expected: String) throws {
        #expect(try Hash.digest(alg, Array(message.utf8)) == hex(expected))
    }

    @Test("sizes match the TPM algorithm table")
    func sizes() throws {
        for alg in HashAlgorithm.allCases {
            #expect(try Hash.digest(alg, [UInt8]()).count == alg.digestSize)
        }
        #expect(HashAlgorithm.sha384.blockSize == 128)
        #expect(HashAlgorithm.sm3_256.blockSize == 64)
    }

    @Test("parts, incremental and one-shot agree", arguments: HashAlgorithm.allCases)
    func incremental(alg: HashAlgorithm) throws {
        let message = Array("The quick brown fox jumps over the lazy dog".utf8)
        let oneShot = try Hash.digest(alg, message)
        #expect(try Hash.digest(alg, [Array(message[..<10]), [], Array(message[10...])]) == oneShot)

        let context = try HashContext(alg)
        context.update(Array(message[..<7]))
        let fork = context.copy()
        context.update(Array(message[7...]))
        fork.update(Array(message[7...]))
        #expect(context.finalize() == oneShot)
        #expect(fork.finalize() == oneShot)
        // finalize starts over, so the context hashes the next message from scratch.
        context.update(message)
        #expect(context.finalize() == oneShot)
        #expect(context.algorithm == alg)
    }
}
