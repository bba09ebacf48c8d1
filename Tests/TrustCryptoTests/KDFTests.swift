import Testing

@testable import TrustCrypto

@Suite("KDF")
struct KDFTests {
    /// The KDFa self-test vectors of the TCG reference implementation (KdfTestData.h, shipped by
    /// ms-tpm-20-ref and libtpms): 160 bits under a 20-byte key, label "KDFSELFTESTLABEL\0".
    @Test(
        "TPM reference KDFa self-test vectors",
        arguments: [
            (HashAlgorithm.sha1, "55b5a7184aa07423c47dae766c26a2377d7cf851"),
            (.sha256, "bb0259e1c8ba607e6a2cd704b69a902e9ade84c4"),
            (.sha384, "1dce70c9113eb2dba47bd9cfc72bf46f45b09312"),
            (.sha512, "8be2c1b85b78569b9fa759f5857c56d684810fd3"),
        ])
    func referenceSelfTest(alg: HashAlgorithm, expected: String) throws {
        let key = hex("271FA08BBDC5060EC3DFA928FF9B73123A12DA0C")
        let u = hex("CE244F395DCA7391")
        let v = hex("DA504031DDF12E83")
        // The vector's label already carries its terminating 0, so none may be added...
        let terminated = Array("KDFSELFTESTLABEL".utf8) + [0]
        #expect(try KDF.kdfa(alg, key: key, label: terminated, contextU: u, contextV: v, bits: 160) == hex(expected))
        // ...and the String form, which lacks it, must get exactly one.
        #expect(
            try KDF.kdfa(alg, key: key, label: "KDFSELFTESTLABEL", contextU: u, contextV: v, bits: 160) == hex(expected)
        )
    }

    /// Multi-block outputs cross-checked against an independent SP 800-108 counter-mode
    /// implementation (pyca/cryptography KBKDFHMAC: r = 32, L = 32, counter before
    /// label ‖ 0x00 ‖ context), with key 00…1f, label "STORAGE", context = U ‖ V.
    @Test(
        "SP 800-108 counter mode, several blocks",
        arguments: [
            (
                HashAlgorithm.sha256, 640,
                "2f242e64c4b0ce48cc9132952520b5ebceff8e06ba5c743223b09458af01eb4f0efd9f466e173195d098f206296e285fb769760a6f687222a097ca85f0c012ef9466499b68b50464dd5671b459185539"
            ),
            (
                .sha1, 512,
                "b713552806210dcc38644b1d55f9b9e4fa632db1a87549c615c8def4a97cf31e68b359531853850e8a6720f67c25b40903beab29e2b4839cc2ef839e6d88492a"
            ),
            (
                .sha384, 800,
                "f4e84cf16663c1546b8e010c47a04cd29341ff3a5ef581f733176784832ac873649d9f8dd45bc7765ba0f3297d184722db21e5fae80547cde30470f52171f706d82b325fe910b00c5a400ec49b3204c0525d185243c177f18b5ba090a4b1e8aa9c79422f"
            ),
        ])
    func counterMode(alg: HashAlgorithm, bits: Int, expected: String) throws {
        let key = (0..<32).map { UInt8($0) }
        let output = try KDF.kdfa(
            alg, key: key, label: "STORAGE", contextU: hex("a1a2a3a4a5a6a7a8"), contextV: hex("b1b2b3b4"), bits: bits)
        #expect(output == hex(expected))
    }

    /// Part 1 §11.4.10.2: a bit count that is not a whole number of bytes clears the high bits of
    /// the first byte; the block input still carries the true bit count, so the bytes differ too.
    @Test("odd bit counts")
    func oddBits() throws {
        let key = Array("seed".utf8)
        let out = try KDF.kdfa(.sha256, key: key, label: "ODD", contextU: [], contextV: [], bits: 13)
        #expect(out.count == 2)
        #expect(out[0] & 0xE0 == 0)
        #expect(try KDF.kdfa(.sha256, key: key, label: "ODD", contextU: [], contextV: [], bits: 1)[0] <= 1)
        #expect(try KDF.kdfa(.sha256, key: key, label: "ODD", contextU: [], contextV: [], bits: 0).isEmpty)
        #expect(try KDF.kdfa(.sha256, key: key, label: "ODD", contextU: [], contextV: [], bits: -8).isEmpty)
        #expect(try KDF.kdfe(.sha256, z: key, label: "ODD", partyU: [], partyV: [], bits: 0).isEmpty)
        let e = try KDF.kdfe(.sha256, z: key, label: "ODD", partyU: [], partyV: [], bits: 12)
        #expect(e.count == 2 && e[0] & 0xF0 == 0)
    }

    @Test("empty label is a single zero octet")
    func emptyLabel() throws {
        let key = Array("k".utf8)
        #expect(
            try KDF.kdfa(.sha256, key: key, label: "", contextU: [1], contextV: [2], bits: 256)
                == KDF.kdfa(.sha256, key: key, label: [0], contextU: [1], contextV: [2], bits: 256))
    }

    /// KDFe cross-checked against an independent SP 800-56A concatenation KDF (pyca/cryptography
    /// ConcatKDFHash) with Z = (c0ffee)×11 and OtherInfo = "IDENTITY\0" ‖ U ‖ V.
    @Test(
        "SP 800-56A concatenation KDF",
        arguments: [
            (
                HashAlgorithm.sha256, 640,
                "103b3cdf857b92286188bb4147d43d9223338fa0a1bae26f60c09cca49b12e59bf0a91ddec8bc9ac0af06bec9b548452f0482c1295a333763f3ce9133327b77cc7825b5f7da2e24b6bc69e38314c9f9a"
            ),
            (
                .sha384, 480,
                "dedb2a688dd884dfdc09f055a334f38cd97e0cd2819c4abe385b24d512570fb76c456d2f609ffcd1fe147383e72f1eff6c413d2cacd09618b061dc2e"
            ),
        ])
    func concatenation(alg: HashAlgorithm, bits: Int, expected: String) throws {
        let z = hex(String(repeating: "c0ffee", count: 11))
        #expect(
            try KDF.kdfe(
                alg, z: z, label: "IDENTITY", partyU: hex("a1a2a3a4a5a6a7a8"), partyV: hex("b1b2b3b4"), bits: bits)
                == hex(expected))
    }
}
