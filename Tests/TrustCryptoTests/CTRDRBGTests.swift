import Testing

@testable import TrustCrypto

@Suite("CTR_DRBG")
struct CTRDRBGTests {
    /// NIST CAVP drbgvectors_no_reseed CTR_DRBG.rsp, [AES-256 no df], PredictionResistance = False,
    /// no personalization, no additional input, COUNT = 0: instantiate, generate 512 bits and
    /// discard, generate 512 bits.
    @Test("CAVP AES-256 no df, no reseed")
    func noReseed() throws {
        let drbg = try CTRDRBG(
            entropy: hex(
                """
                df5d73faa468649edda33b5cca79b0b05600419ccb7a879ddfec9db32ee494e5531b51de16a30f769262474c73bec010
                """))
        _ = drbg.generate(64)
        #expect(
            drbg.generate(64)
                == hex(
                    """
                    d1c07cd95af8a7f11012c84ce48bb8cb87189e99d40fccb1771c619bdf82ab2280b1dc2f2581f39164f7ac0c510494b3\
                    a43c41b7db17514c87b107ae793e01c5
                    """))
        #expect(drbg.reseedCounter == 3)
    }

    /// NIST CAVP drbgvectors_pr_false CTR_DRBG.rsp, [AES-256 no df], COUNT = 0: instantiate, reseed,
    /// generate twice, the second output published.
    @Test("CAVP AES-256 no df, with reseed")
    func withReseed() throws {
        let drbg = try CTRDRBG(
            entropy: hex(
                """
                e4bc23c5089a19d86f4119cb3fa08c0a4991e0a1def17e101e4c14d9c323460a7c2fb58e0b086c6c57b55f56cae25bad
                """))
        try drbg.reseed(
            entropy: hex(
                """
                fd85a836bba85019881e8c6bad23c9061adc75477659acaea8e4a01dfe07a1832dad1c136f59d70f8653a5dc118663d6
                """))
        #expect(drbg.reseedCounter == 1)
        _ = drbg.generate(64)
        #expect(
            drbg.generate(64)
                == hex(
                    """
                    b2cb8905c05e5950ca31895096be29ea3d5a3b82b269495554eb80fe07de43e193b9e7c3ece73b80e062b1c1f68202fb\
                    b1c52a040ea2478864295282234aaada
                    """))
    }

    /// NIST CAVP [AES-256 no df], PersonalizationStringLen = 384, COUNT = 0: the Key and V the
    /// response file lists after instantiation.
    @Test("CAVP AES-256 no df, personalization string")
    func personalization() throws {
        let drbg = try CTRDRBG(
            entropy: hex(
                "b5e2af38591a9743e5d3e458848a3998536d3b625e1694be847f95c3bfbda267f08624be4bb6aa496e1b596be523e7c4"),
            personalization: hex(
                "0a9a59e7605c0e12fae317bb004aecf1427bda4dca7718801895c38179fd36cd922634c3789a99b9d9c556fe50a41de4"))
        #expect(drbg.workingState.key == hex("ec777c24fe03afe8b6534712400ba6e2dfb1a112d901e7509ba493917cb309b2"))
        #expect(drbg.workingState.v == hex("10c013b7048a1984667cfa1bc081cfae"))
    }

    @Test("deterministic, and additional input changes the stream")
    func determinism() throws {
        let entropy = (0..<48).map { UInt8($0) }
        let a = try CTRDRBG(entropy: entropy)
        let b = try CTRDRBG(entropy: entropy)
        #expect(a.generate(37) == b.generate(37))
        #expect(try a.generate(16, additional: [1, 2, 3]) != b.generate(16))
        #expect(a.generate(0).isEmpty)
        let c = try CTRDRBG(entropy: entropy, personalization: [9])
        #expect(c.generate(16) != (try CTRDRBG(entropy: entropy)).generate(16))
    }

    @Test("size errors")
    func errors() throws {
        #expect(throws: CryptoError.wrongInputSize(expected: 48, got: 32)) {
            try CTRDRBG(entropy: [UInt8](repeating: 1, count: 32))
        }
        let long = [UInt8](repeating: 1, count: 49)
        #expect(throws: CryptoError.self) {
            try CTRDRBG(entropy: [UInt8](repeating: 1, count: 48), personalization: long)
        }
        let drbg = try CTRDRBG(entropy: [UInt8](repeating: 1, count: 48))
        #expect(throws: CryptoError.self) { try drbg.generate(16, additional: long) }
        #expect(throws: CryptoError.self) {
            try drbg.reseed(entropy: [UInt8](repeating: 2, count: 48), additional: long)
        }
        #expect(throws: CryptoError.wrongInputSize(expected: 48, got: 0)) { try drbg.reseed(entropy: []) }
    }
}
