import Testing

@testable import TrustCrypto

@Suite("CMAC")
struct CMACTests {
    static let aesKey = hex("2b7e151628aed2a6abf7158809cf4f3c")
    static let message = hex(
        """
        6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
        30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710
        """)

    /// RFC 4493 §4 (= SP 800-38B D.1, AES-128): empty, one block, 40 bytes and four blocks.
    @Test(
        "RFC 4493 AES-128 examples",
        arguments: [
            (0, "bb1d6929e95937287fa37d129b756746"),
            (16, "070a16b46b4d4144f79bdd9dd04a287c"),
            (40, "dfa66747de9ae63030ca32611497c827"),
            (64, "51f0bebf7e3b9d92fc49741779363cfe"),
        ])
    func rfc4493(length: Int, tag: String) throws {
        #expect(
            try CMACContext.authenticationCode(.aes, key: Self.aesKey, data: Array(Self.message.prefix(length)))
                == hex(tag))
    }

    /// Incremental updates in odd pieces give the one-shot tag.
    @Test("incremental equals one-shot")
    func incremental() throws {
        let context = try CMACContext(.aes, key: Self.aesKey)
        for piece in stride(from: 0, to: 64, by: 7) { context.update(Array(Self.message[piece..<min(piece + 7, 64)])) }
        #expect(context.finalize() == hex("51f0bebf7e3b9d92fc49741779363cfe"))
    }

    /// SP 800-38B D.4 (three-key TDES, Mlen = 0) and CMAC over a two-key key being CMAC over K1 K2 K1.
    @Test("TDES: SP 800-38B example, two-key keying")
    func tdes() throws {
        let key = hex("8aa83bf8cbda1062 0bc1bf19fbb6cd58 bc313d4a371ca8b5")
        #expect(try CMACContext.authenticationCode(.tdes, key: key, data: []) == hex("b7a688e122ffaf95"))
        let twoKey = Array(key.prefix(16))
        #expect(
            try CMACContext.authenticationCode(.tdes, key: twoKey, data: Self.message)
                == CMACContext.authenticationCode(.tdes, key: twoKey + key.prefix(8), data: Self.message))
    }

    @Test("tags are one cipher block for every TPM cipher; wrong key sizes are refused")
    func sizes() throws {
        #expect(
            try CMACContext.authenticationCode(.camellia, key: Array(Self.message.prefix(32)), data: Self.message).count
                == 16)
        #expect(try CMACContext.authenticationCode(.sm4, key: Self.aesKey, data: Self.message).count == 16)
        #expect(throws: CryptoError.self) { try CMACContext(.aes, key: Array(Self.aesKey.prefix(15))) }
        #expect(throws: CryptoError.self) { try CMACContext(.tdes, key: Array(Self.message.prefix(32))) }
    }
}
