import TPMTypes
import Testing

@testable import TPM2

/// TPM2_PP_Commands (Part 3 §26.2): platform authorization of a listed command needs
/// physical presence, PP_Commands itself always does, and a policy session is not affected.
@Suite("PP_Commands")
struct PPCommandsTests {
    private func ppCommands(set: [TPMCommandCode], clear: [TPMCommandCode] = []) -> [UInt8] {
        var w = TPMWriter()
        w.write(UInt32(set.count))
        for code in set { w.write(code.rawValue) }
        w.write(UInt32(clear.count))
        for code in clear { w.write(code.rawValue) }
        return command(.ppCommands, handles: [TPMRH.platform], sessions: [.password()], parameters: w.bytes)
    }

    /// ClockSet with platform authorization by password, each call a day further on: a
    /// ClockSet to a time the clock has already passed is TPM_RC_VALUE (Part 3 §29.2).
    private func platformClockSet(_ engine: TPMEngine) throws -> UInt32 {
        responseCode(engine, Commands.clockSet(try nextClock(engine), by: TPMRH.platform))
    }

    private func nextClock(_ engine: TPMEngine) throws -> UInt64 {
        try engine.clockInfo().clock + 86_400_000
    }

    @Test("PP_Commands needs physical presence itself: TPM_RC_PP on session 1 (0x990) without it")
    func needsPresence() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, ppCommands(set: [.clockSet])) == 0x990)
        engine.setPhysicalPresence(true)
        #expect(responseCode(engine, ppCommands(set: [.clockSet])) == 0)
    }

    @Test("a listed command authorized by the platform password needs presence; cleared again, it does not")
    func listedCommand() throws {
        let engine = try makeEngine()
        engine.setPhysicalPresence(true)
        #expect(responseCode(engine, ppCommands(set: [.clockSet])) == 0)
        engine.setPhysicalPresence(false)
        #expect(try platformClockSet(engine) == 0x990)
        #expect(
            responseCode(engine, Commands.clockSet(try nextClock(engine), by: TPMRH.owner)) == 0,
            "owner authorization is unaffected")
        engine.setPhysicalPresence(true)
        #expect(try platformClockSet(engine) == 0)
        #expect(responseCode(engine, ppCommands(set: [], clear: [.clockSet])) == 0)
        engine.setPhysicalPresence(false)
        #expect(try platformClockSet(engine) == 0)
    }

    @Test(
        "the PP list is reported by GetCapability(TPM_CAP_PP_COMMANDS), always with PP_Commands, and survives a power cycle"
    )
    func reportedAndPersistent() throws {
        let engine = try makeEngine()
        engine.setPhysicalPresence(true)
        // GetRandom takes no authorization, so it cannot need presence: ignored.
        #expect(responseCode(engine, ppCommands(set: [.clockSet, .getRandom])) == 0)
        #expect(try engine.powerCycle(shutdown: StartupType.clear, startup: StartupType.clear) == 0)
        let response = engine.execute(Commands.getCapability(3, property: 0, count: 64), locality: 0)
        var reader = TPMReader(Array(response.dropFirst(10)))
        _ = try reader.read(UInt8.self)  // moreData
        #expect(try reader.read(UInt32.self) == 3)  // TPM_CAP_PP_COMMANDS
        let count: UInt32 = try reader.read()
        var codes: [UInt32] = []
        for _ in 0..<count { codes.append(try reader.read()) }
        #expect(
            codes == [TPMCommandCode.clockSet.rawValue, TPMCommandCode.ppCommands.rawValue], "ascending command codes")
    }
}
