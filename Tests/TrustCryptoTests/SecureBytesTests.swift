import Testing

@testable import TrustCrypto

@Suite("SecureBytes")
struct SecureBytesTests {
    @Test("random lengths and variety")
    func random() {
        #expect(SecureBytes.random(0).isEmpty)
        #expect(SecureBytes.random(-3).isEmpty)
        let a = SecureBytes.random(32)
        let b = SecureBytes.random(32)
        #expect(a.count == 32)
        #expect(a != b)
    }

    @Test("constant-time equality")
    func equality() {
        #expect(SecureBytes.equal([], []))
        #expect(SecureBytes.equal([1, 2, 3], [1, 2, 3]))
        #expect(!SecureBytes.equal([1, 2, 3], [1, 2, 4]))
        #expect(!SecureBytes.equal([1, 2, 3], [1, 2]))
        #expect(!SecureBytes.equal([], [0]))
    }
}
