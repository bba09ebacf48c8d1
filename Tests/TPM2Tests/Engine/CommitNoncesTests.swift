import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// The commit scalar r, recomputed here from its documented derivation (KDFa of SP 800-108
/// counter mode with HMAC-SHA-256, written out below rather than through TrustCrypto's KDF):
/// r = KDFa(SHA-256, commitNonce, "ECDAA Commit", Name, 64-bit count, bits of n).
@Suite struct CommitNoncesTests {
    static let nonce = [UInt8](repeating: 0x42, count: 32)
    static let name = [0x00, 0x0B] + [UInt8](repeating: 0x17, count: 32)

    /// One block is enough for 256 bits: HMAC(key, [1]₃₂ ‖ label ‖ 0 ‖ contextU ‖ contextV ‖ [256]₃₂).
    static func expectedR(count: UInt64) throws -> [UInt8] {
        let countBytes = (0..<8).map { UInt8(truncatingIfNeeded: count >> (56 - 8 * UInt64($0))) }
        let input = be32(1) + Array("ECDAA Commit".utf8) + [0] + name + countBytes + be32(256)
        return try HMAC.authenticationCode(.sha256, key: nonce, data: input)
    }

    @Test("r for the next commitment, then for its counter, is the KDFa block; a used counter gives none")
    func derivationAndUse() throws {
        var commits = CommitNonces(nonce: Self.nonce)
        for count in UInt64(0)..<3 {
            let expected = try Self.expectedR(count: count)
            // Both test values are below n on BN P-256 (they start with bytes below 0xFF).
            #expect(expected[0] < 0xFF)
            #expect(commits.r(curve: .bnP256, name: Self.name, counter: nil) == expected)
            #expect(commits.commit() == UInt16(count))
            #expect(commits.r(curve: .bnP256, name: Self.name, counter: UInt16(count)) == expected)
        }
        commits.end(1)
        #expect(commits.r(curve: .bnP256, name: Self.name, counter: 1) == nil)
        #expect(commits.r(curve: .bnP256, name: Self.name, counter: 0) != nil)
        #expect(commits.r(curve: .bnP256, name: Self.name, counter: 3) == nil, "never handed out")
    }
}
