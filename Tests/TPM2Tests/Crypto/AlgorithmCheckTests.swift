import Profiles
import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// The start-up check refuses a profile that names what this process's libcrypto lacks, with
/// one sentence naming all of it; the engine's own needs come first.
@Suite("Algorithm check at start-up")
struct AlgorithmCheckTests {
    static func profile(_ name: String) throws -> HardwareProfile { try ProfileLoader.load(name) }

    @Test("Every shipped TPM and TCM profile passes on this machine's libcrypto")
    func shippedProfilesPass() throws {
        for name in ["generic-tpm2", "generic-tcm2"] {
            _ = try EngineConfiguration(profile: try Self.profile(name))
        }
    }

    @Test("A libcrypto without SM3, SM4-CTR and SM2 refuses the TCM profile, naming each")
    func missingSMAlgorithms() throws {
        var check = AlgorithmCheck()
        check.hash = { $0 != .sm3_256 }
        check.cipher = { algorithm, mode in !(algorithm == .sm4 && mode == .ctr) }
        check.curve = { $0 != .sm2P256 }
        check.libraryVersion = "OpenSSL 3.0 without SM"
        let error = #expect(throws: ProfileError.self) {
            try EngineConfiguration(profile: try Self.profile("generic-tcm2"), crypto: check)
        }
        let sentence = try #require(error).description
        #expect(sentence.hasPrefix("profile generic-tcm2 cannot start: it lists "))
        #expect(sentence.contains("sm3_256") && sentence.contains("sm4 (CTR)") && sentence.contains("sm2_p256"))
        #expect(sentence.contains("which this libcrypto (OpenSSL 3.0 without SM) does not provide"))
    }

    @Test("A libcrypto without HMAC refuses every profile: the engine's own needs are named first")
    func missingEngineNeeds() throws {
        var check = AlgorithmCheck()
        check.hmac = false
        let error = #expect(throws: ProfileError.self) {
            try EngineConfiguration(profile: try Self.profile("generic-tpm2"), crypto: check)
        }
        #expect(try #require(error).description.contains("lacks HMAC, which every TPM needs"))
    }

    @Test("A TPMEngine refuses to open with the check's sentence")
    func engineRefuses() throws {
        var check = AlgorithmCheck()
        check.curve = { $0 != .nistP256 }
        let error = #expect(throws: ProfileError.self) {
            try EngineConfiguration(profile: try Self.profile("generic-tpm2"), crypto: check)
        }
        #expect(try #require(error).description.contains("nist_p256"))
    }
}
