import DeviceStore
import Profiles
import TPMTypes
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
        #expect(
            responseCode(engine, Commands.getCapability(6, property: 0x100, count: 8)) == 0,
            "a property before TPM_PT_MANUFACTURER reads as TPM_PT_MANUFACTURER")
        #expect(
            responseCode(engine, Commands.getCapability(0, property: 0, count: 1)) == Self.failure,
            "only TPM_CAP_TPM_PROPERTIES answers")

        try engine.powerOn(deleteVolatile: false)
        #expect(!engine.isInFailureMode, "_TPM_Init leaves failure mode")
        #expect(responseCode(engine, Commands.startup()) == 0)
        #expect(responseCode(engine, command(.selfTest, parameters: [1])) == 0, "forcing was spent")
    }

    @Test(
        "A crypto failure inside a command: TPM_RC_FAILURE, failure mode, and nothing of it durable, then or at power-on"
    )
    func latchedCryptoFailure() throws {
        let store = MemoryStore()
        let engine = try makeEngine(store: store)
        let index: TPMHandle = 0x0150_0041
        try engine.define(NVTemplates.index(index, type: .extend, size: 32))
        let extend = command(.nvExtend, handles: [index, index], sessions: [.password()], parameters: [0, 3, 1, 2, 3])
        let stored = try store.read(TPMEngine.permanentRecord)

        // NV_Extend computes a digest; a libcrypto that fails there must not leave a placeholder.
        let answer = EngineCrypto.$injectedFault.withValue(.openSSL("injected")) { engine.execute(extend, locality: 0) }
        #expect(Response(answer).code == Self.failure)
        #expect(engine.isInFailureMode)
        #expect(try store.read(TPMEngine.permanentRecord) == stored, "the store is untouched")
        let result = Response(engine.execute(command(.getTestResult), locality: 0))
        #expect(result.body.suffix(8) == [0, 0, 0, 7, 0, 0, 0x01, 0x01], "FATAL_ERROR_CRYPTO, TPM_RC_FAILURE")

        // _TPM_Init writes what it changes itself (orderly state), never the failed command's.
        try engine.powerOn(deleteVolatile: false)
        #expect(responseCode(engine, Commands.startup()) == 0)
        let reread = try PermanentState.decode(try #require(try store.read(TPMEngine.permanentRecord)))
        #expect(reread.nvIndices[index]?.publicArea.attributes.contains(.written) == false, "the extend never happened")
        #expect(responseCode(engine, extend) == 0, "a healthy libcrypto extends as usual")
    }

    @Test("GetTestResult out of failure mode is success")
    func healthyTestResult() throws {
        let engine = try makeEngine()
        let result = Response(engine.execute(command(.getTestResult), locality: 0))
        #expect(result.code == 0 && result.body.suffix(4) == [0, 0, 0, 0])
    }
}
