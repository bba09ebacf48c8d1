import Testing
import TrustCrypto

/// AES-256-GCM, the at-rest protection of state records.
@Suite("AES-256-GCM")
struct AESGCMTests {
    // The GCM specification's test case 16 (McGrew and Viega): 256-bit key, 96-bit IV, AAD.
    let key = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
    let nonce = hex("cafebabefacedbaddecaf888")
    let plaintext = hex(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
    )
    let associated = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
    let ciphertext = hex(
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
    )
    let tag = hex("76fc6ece0f4e1768cddf8853bb2d551b")

    @Test("Test case 16 decrypts to its plaintext; a changed tag, ciphertext or AAD is decryptionFailed")
    func knownAnswer() throws {
        #expect(try AESGCM.open(nonce + ciphertext + tag, key: key, associatedData: associated) == plaintext)
        var badTag = tag
        badTag[0] ^= 1
        #expect(throws: CryptoError.decryptionFailed) {
            try AESGCM.open(nonce + ciphertext + badTag, key: key, associatedData: associated)
        }
        var badCiphertext = ciphertext
        badCiphertext[10] ^= 0x80
        #expect(throws: CryptoError.decryptionFailed) {
            try AESGCM.open(nonce + badCiphertext + tag, key: key, associatedData: associated)
        }
        #expect(throws: CryptoError.decryptionFailed) {
            try AESGCM.open(nonce + ciphertext + tag, key: key, associatedData: [])
        }
        #expect(throws: CryptoError.decryptionFailed) {
            try AESGCM.open(Array((nonce + ciphertext + tag).prefix(20)), key: key, associatedData: associated)
        }
    }

    @Test("seal uses a fresh nonce each time and open reverses it; a 16-byte key is refused")
    func roundTrip() throws {
        let first = try AESGCM.seal(plaintext, key: key, associatedData: associated)
        let second = try AESGCM.seal(plaintext, key: key, associatedData: associated)
        #expect(first != second)
        #expect(first.count == AESGCM.nonceSize + plaintext.count + AESGCM.tagSize)
        #expect(try AESGCM.open(second, key: key, associatedData: associated) == plaintext)
        #expect(throws: CryptoError.wrongInputSize(expected: 32, got: 16)) {
            try AESGCM.seal(plaintext, key: Array(key.prefix(16)), associatedData: [])
        }
    }
}
