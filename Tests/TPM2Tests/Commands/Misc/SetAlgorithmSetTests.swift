import DeviceStore
import TPMTypes
import Testing

@testable import TPM2

/// SetAlgorithmSet: platform authorization only; the value is reported as
/// TPM_PT_ALGORITHM_SET at once and kept across a restart, as the reference implementation does.
@Suite struct SetAlgorithmSetTests {
    static let algorithmSetProperty: UInt32 = 0x20C

    static func setAlgorithmSet(
        _ value: UInt32, by authHandle: TPMHandle = TPMRH.platform,
        sessions: [AuthArea]? = [.password()]
    ) -> [UInt8] {
        command(.setAlgorithmSet, handles: [authHandle], sessions: sessions, parameters: be32(value))
    }

    @Test("The platform sets it: reported at once, kept in NV across a restart")
    func setsAndPersists() throws {
        let store = MemoryStore()
        let engine = try makeEngine(store: store)
        #expect(try engine.property(Self.algorithmSetProperty) == 0, "0 at manufacture")
        #expect(responseCode(engine, Self.setAlgorithmSet(0x1234_5678)) == 0)
        #expect(try engine.property(Self.algorithmSetProperty) == 0x1234_5678)
        #expect(try engine.permanentState().algorithmSet == 0x1234_5678)

        let restarted = try reopenEngine(store: store)
        #expect(Response(restarted.execute(Commands.startup(StartupType.clear), locality: 0)).code == 0)
        #expect(try restarted.property(Self.algorithmSetProperty) == 0x1234_5678)
    }

    @Test(
        "Any handle but TPM_RH_PLATFORM: TPM_RC_VALUE on handle 1",
        arguments: [TPMRH.owner, TPMRH.lockout, TPMRH.endorsement, 0x0150_0001, 0x8000_0000])
    func onlyPlatform(handle: TPMHandle) throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Self.setAlgorithmSet(1, by: handle)) == 0x184)
        #expect(try engine.property(Self.algorithmSetProperty) == 0)
    }

    @Test("Authorization: missing gives TPM_RC_AUTH_MISSING, a wrong password TPM_RC_BAD_AUTH on session 1")
    func authorization() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Self.setAlgorithmSet(1, sessions: nil)) == 0x125)
        #expect(responseCode(engine, Self.setAlgorithmSet(1, sessions: [.password(Array("wrong".utf8))])) == 0x9A2)
        #expect(try engine.property(Self.algorithmSetProperty) == 0)
    }

    @Test("algorithmSet short gives TPM_RC_INSUFFICIENT on parameter 1, a byte too many TPM_RC_SIZE")
    func malformed() throws {
        let engine = try makeEngine()
        let full = Self.setAlgorithmSet(1)
        var short = Array(full.dropLast())
        short.replaceSubrange(2..<6, with: UInt32(short.count).bigEndianBytes)
        #expect(responseCode(engine, short) == 0x1DA)
        var long = full + [0]
        long.replaceSubrange(2..<6, with: UInt32(long.count).bigEndianBytes)
        #expect(responseCode(engine, long) == 0x095)
    }
}
