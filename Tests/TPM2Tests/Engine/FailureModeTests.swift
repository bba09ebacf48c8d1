import Profiles
import Testing
import TrustCrypto
@testable import TPM2

/// Failure mode as the reference's TpmFailureMode answers it: GetTestResult with the fatal
/// error, GetCapability for one fixed property, TPM_RC_FAILURE for anything else, until
/// _TPM_Init.
@Suite("Failure mode")
struct FailureModeTests {
    static let failure: UInt32 = 0x101

    @Test("TEST_FAILURE_MODE fails the next SelfTest; then only GetTestResult and GetCapability answer")
    func forcedFailure() throws {
        let engine = try makeEngine()
        engine.forceFailureMode()
        #expect(responseCode(engine, Commands.getRandom(8)) == 0, "forcing waits for the next self-test")
        #expect(responseCode(engine, command(.selfTest, parameters: [1])) == Self.failure)
        #expect(engine.isInFailureMode)
        #expect(responseCode(engine, Commands.getRandom(8)) == Self.failure)
        #expect(responseCode(engine, Commands.startup()) == Self.failure)

        let result = Response(engine.execute(command(.getTestResult), locality: 0))
        #expect(result.code == 0)
        // outData: size 12 | function | line | FATAL_ERROR_FORCED; testResult TPM_RC_FAILURE.
        #expect(result.body == [0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x9A, 0, 0, 0x01, 0x01])

        let capability = Response(engine.execute(Commands.getCapability(6, property: 0x105, count: 1), locality: 0))
        #expect(capability.code == 0)
        let manufacturer = TPMProperty.characters(defaultProfile.tpm?.manufacturer ?? "")
        #expect(capability.body == [1, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0, 0x01, 0x05] + be32(manufacturer))
        #expect(responseCode(engine, Commands.getCapability(6, property: 0x100, count: 8)) == 0,
                "a property before TPM_PT_MANUFACTURER reads as TPM_PT_MANUFACTURER")
        #expect(responseCode(engine, Commands.getCapability(0, property: 0, count: 1)) == Self.failure,
                "only TPM_CAP_TPM_PROPERTIES answers")

        try engine.powerOn(deleteVolatile: false)
        #expect(!engine.isInFailureMode, "_TPM_Init leaves failure mode")
        #expect(responseCode(engine, Commands.startup()) == 0)
        #expect(responseCode(engine, command(.selfTest, parameters: [1])) == 0, "forcing was spent")
    }

    @Test("A crypto failure inside a command is latched: TPM_RC_FAILURE and failure mode, no crash, nothing durable")
    func latchedCryptoFailure() throws {
        let latch = EngineCrypto.FaultLatch()
        EngineCrypto.$latch.withValue(latch) {
            _ = EngineCrypto.digest(.sha256, [1, 2, 3])
        }
        #expect(latch.fault == nil, "an available algorithm latches nothing")
        let failing = try EngineCrypto.$latch.withValue(latch) { () throws -> [UInt8] in
            #expect(throws: TPMError(.failure)) { try EngineCrypto.checked { () throws(CryptoError) -> Int in throw .unsupported("test") } }
            return EngineCrypto.hmac(.sha256, key: [], [[1]])
        }
        #expect(latch.fault == .unsupported("test"))
        #expect(failing.count == 32, "the placeholder keeps its length; failure mode never sends it")
    }

    @Test("GetTestResult out of failure mode is success")
    func healthyTestResult() throws {
        let engine = try makeEngine()
        let result = Response(engine.execute(command(.getTestResult), locality: 0))
        #expect(result.code == 0 && result.body.suffix(4) == [0, 0, 0, 0])
    }
}
