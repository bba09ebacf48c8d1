import TPMTypes
import Testing

@testable import TPM2

/// TPM2_ReadClock, TPM2_ClockSet and TPM2_ClockRateAdjust (Part 3 §29), and what power
/// cycles do to TPMS_CLOCK_INFO (Part 2 §10.11.1).
@Suite("Clock commands")
struct ClockTests {
    /// Part 3 §29.1: TPMS_TIME_INFO is time (UINT64) then TPMS_CLOCK_INFO (clock UINT64,
    /// resetCount UINT32, restartCount UINT32, safe TPMI_YES_NO): 25 bytes, no session area.
    @Test("ReadClock answers 25 bytes: time, clock, resetCount, restartCount, safe")
    func readClockLayout() throws {
        let engine = try makeEngine()
        let response = Response(engine.execute(Commands.readClock(), locality: 0))
        #expect(response.code == 0 && response.tag == TPMStructureTag.noSessions)
        #expect(response.body.count == 25)
        let info = try engine.clockInfo()
        #expect(info.resetCount == 1 && info.restartCount == 0 && info.safe == 1)
        #expect(info.clock >= info.time, "Clock counts the TPM's whole life, Time only this boot")
    }

    @Test("resetCount counts TPM Resets, restartCount Restarts and Resumes since the last Reset")
    func resetAndRestartCounts() throws {
        let engine = try makeEngine()
        #expect(try engine.powerCycle(shutdown: StartupType.state, startup: StartupType.clear) == 0)
        #expect(try engine.powerCycle(shutdown: StartupType.state, startup: StartupType.state) == 0)
        var info = try engine.clockInfo()
        #expect(info.resetCount == 1 && info.restartCount == 2)
        #expect(try engine.powerCycle(shutdown: StartupType.clear, startup: StartupType.clear) == 0)
        info = try engine.clockInfo()
        #expect(info.resetCount == 2 && info.restartCount == 0)
    }

    @Test("ClockSet backwards or above 0xFFFF000000000000 is TPM_RC_VALUE + parameter 1 (0x1C4)")
    func clockSetLimits() throws {
        let engine = try makeEngine()
        let target: UInt64 = 1_000_000_000
        try engine.require(Commands.clockSet(target), "ClockSet")
        #expect(try engine.clockInfo().clock >= target)
        #expect(responseCode(engine, Commands.clockSet(target - 1)) == 0x1C4)
        #expect(responseCode(engine, Commands.clockSet(0)) == 0x1C4)
        #expect(responseCode(engine, Commands.clockSet(0xFFFF_0000_0000_0001)) == 0x1C4)
        #expect(responseCode(engine, Commands.clockSet(.max)) == 0x1C4)
        #expect(responseCode(engine, Commands.clockSet(0xFFFF_0000_0000_0000, by: TPMRH.platform)) == 0)
    }

    @Test("ClockSet and ClockRateAdjust by the endorsement hierarchy are TPM_RC_VALUE + handle 1 (0x184)")
    func clockNeedsOwnerOrPlatform() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.clockSet(1 << 40, by: TPMRH.endorsement)) == 0x184)
        #expect(responseCode(engine, Commands.clockRateAdjust(1, by: TPMRH.endorsement)) == 0x184)
    }

    /// TPM_CLOCK_ADJUST (Part 2 §6.7) runs from −3 (coarse slower) to +3 (coarse faster).
    @Test("ClockRateAdjust outside −3…3 is TPM_RC_VALUE + parameter 1 (0x1C4)", arguments: [Int8(4), -4, 127, -128])
    func rateAdjustOutOfRange(adjust: Int8) throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.clockRateAdjust(adjust)) == 0x1C4)
    }

    @Test("ClockRateAdjust accepts every step from −3 to 3", arguments: Array(Int8(-3)...3))
    func rateAdjustInRange(adjust: Int8) throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.clockRateAdjust(adjust)) == 0)
    }

    /// TPMS_CLOCK_INFO.safe: NO when a Clock value may have been reported and then lost,
    /// which a power loss without Shutdown allows; YES again once ClockSet writes Clock.
    @Test("safe is NO after a power loss without Shutdown, YES after an orderly cycle and after ClockSet")
    func safeFlag() throws {
        let engine = try makeEngine()
        #expect(try engine.powerCycle(shutdown: nil, startup: StartupType.clear) == 0)
        #expect(try engine.clockInfo().safe == 0)
        #expect(try engine.property(0x201) & (1 << 31) == 0, "TPMA_STARTUP_CLEAR.orderly is CLEAR too")
        try engine.require(Commands.clockSet(try engine.clockInfo().clock + 1000), "ClockSet")
        #expect(try engine.clockInfo().safe == 1)
        #expect(try engine.powerCycle(shutdown: StartupType.clear, startup: StartupType.clear) == 0)
        #expect(try engine.clockInfo().safe == 1)
        #expect(try engine.property(0x201) & (1 << 31) != 0)
    }

    /// Clock is permanent state: a power cycle does not set it back.
    @Test("Clock keeps its value across a power cycle")
    func clockSurvivesPowerCycle() throws {
        let engine = try makeEngine()
        try engine.require(Commands.clockSet(5_000_000), "ClockSet")
        #expect(try engine.powerCycle(shutdown: StartupType.clear, startup: StartupType.clear) == 0)
        #expect(try engine.clockInfo().clock >= 5_000_000)
    }
}
