import Testing

@testable import TrustCrypto

@Suite("HMAC")
struct HMACTests {
    /// RFC 4231 test cases 1, 2 and 6 (SHA-2) and RFC 2202 test case 1 (SHA-1).
    @Test(
        "RFC 4231 / RFC 2202 vectors",
        arguments: [
            (
                HashAlgorithm.sha1, String(repeating: "0b", count: 20), "Hi There",
                "b617318655057264e28bc0b6fb378c8ef146be00"
            ),
            (
                .sha256, String(repeating: "0b", count: 20), "Hi There",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                .sha384, String(repeating: "0b", count: 20), "Hi There",
                "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"
            ),
            (
                .sha512, String(repeating: "0b", count: 20), "Hi There",
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
            ),
            (
                .sha256, "4a656665", "what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                .sha256, String(repeating: "aa", count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                .sha512, String(repeating: "aa", count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
                "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
            ),
        ])
    func knownAnswers(alg: HashAlgorithm, key: String, data: String, expected: String) throws {
        #expect(try HMAC.authenticationCode(alg, key: hex(key), data: Array(data.utf8)) == hex(expected))
    }

    /// TPM sessions with an empty authValue key HMAC with zero bytes; HMAC-SHA256("", "") is well known.
    @Test("empty key")
    func emptyKey() throws {
        #expect(
            try HMAC.authenticationCode(.sha256, key: [], data: [])
                == hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"))
    }

    @Test("context: incremental, copy, reuse after finalize", arguments: HashAlgorithm.allCases)
    func context(alg: HashAlgorithm) throws {
        let key = Array("session key".utf8)
        let data = Array("cpHash ‖ nonceCaller ‖ nonceTPM ‖ attributes".utf8)
        let expected = try HMAC.authenticationCode(alg, key: key, data: data)
        #expect(expected.count == alg.digestSize)

        let context = try HMACContext(alg, key: key)
        context.update(Array(data[..<5]))
        let fork = context.copy()
        context.update(Array(data[5...]))
        fork.update(Array(data[5...]))
        #expect(context.finalize() == expected)
        #expect(fork.finalize() == expected)
        context.update(data)
        #expect(context.finalize() == expected)
    }
}
