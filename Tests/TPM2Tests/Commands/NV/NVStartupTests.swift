import DeviceStore
import TPMTypes
import Testing

@testable import TPM2

/// What each kind of Startup does to NV indices (Part 3 §9.3; the reference's
/// NvSetStartupAttributes): read locks and writeSTClear locks go at TPM Reset and TPM Restart,
/// writeDefine locks stay once the index is written, clearSTClear and (at TPM Reset) orderly
/// indices become unwritten, and a TPM Resume changes nothing. Counters never go back.
@Suite("NV across Startup")
struct NVStartupTests {
    static let index = NVTemplates.handle

    /// The three ways back from a power cycle: Shutdown type, then Startup type.
    enum Cycle: String, CaseIterable, Sendable {
        /// Shutdown(CLEAR) + Startup(CLEAR).
        case reset
        /// Shutdown(STATE) + Startup(CLEAR).
        case restart
        /// Shutdown(STATE) + Startup(STATE).
        case resume

        var shutdown: UInt16 { self == .reset ? StartupType.clear : StartupType.state }
        var startup: UInt16 { self == .resume ? StartupType.state : StartupType.clear }
    }

    func cycle(_ engine: TPMEngine, _ cycle: Cycle) throws {
        let code = try engine.powerCycle(shutdown: cycle.shutdown, startup: cycle.startup)
        guard code == 0 else { throw TestSetupError("Startup after \(cycle) answered 0x\(String(code, radix: 16))") }
    }

    @Test(
        "a writeSTClear lock is cleared by Startup(CLEAR) after either Shutdown, kept by a Resume",
        arguments: Cycle.allCases)
    func writeSTClearLock(_ kind: Cycle) throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(attributes: NVTemplates.indexAccess.union(.writeSTClear)))
        try engine.require(Commands.nvWrite(Self.index, [1]), "NV_Write")
        try engine.require(Commands.nvWriteLock(Self.index), "NV_WriteLock")
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [2])) == 0x148)
        try cycle(engine, kind)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [3])) == (kind == .resume ? 0x148 : 0))
    }

    /// Part 3 §31.12: NV_GlobalWriteLock locks every globalLock index, as a writeSTClear
    /// lock would be; indices without globalLock stay writable.
    @Test("NV_GlobalWriteLock locks globalLock indices until TPM Reset or Restart", arguments: Cycle.allCases)
    func globalLock(_ kind: Cycle) throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(attributes: NVTemplates.indexAccess.union(.globalLock)))
        try engine.define(NVTemplates.index(0x0150_0002, attributes: NVTemplates.indexAccess))
        try engine.require(
            command(.nvGlobalWriteLock, handles: [TPMRH.owner], sessions: [.password()]), "NV_GlobalWriteLock")
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1])) == 0x148)
        #expect(responseCode(engine, Commands.nvWrite(0x0150_0002, [1])) == 0)
        try cycle(engine, kind)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [2])) == (kind == .resume ? 0x148 : 0))
    }

    /// Part 2 §13.4 TPMA_NV_WRITEDEFINE: the lock is permanent once the index is written;
    /// a lock taken before the first write lasts only until the next Startup.
    @Test(
        "a writeDefine lock on a written index survives every Startup; on an unwritten one it is cleared",
        arguments: Cycle.allCases)
    func writeDefineLock(_ kind: Cycle) throws {
        let engine = try makeEngine()
        let attributes = NVTemplates.indexAccess.union(.writeDefine)
        try engine.define(NVTemplates.index(attributes: attributes))
        try engine.define(NVTemplates.index(0x0150_0002, attributes: attributes))
        try engine.require(Commands.nvWrite(Self.index, [1]), "NV_Write")
        try engine.require(Commands.nvWriteLock(Self.index), "NV_WriteLock")
        try engine.require(Commands.nvWriteLock(0x0150_0002), "NV_WriteLock of the unwritten index")
        try cycle(engine, kind)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [2])) == 0x148)
        #expect(responseCode(engine, Commands.nvWrite(0x0150_0002, [2])) == (kind == .resume ? 0x148 : 0))
        try cycle(engine, .reset)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [3])) == 0x148)
    }

    @Test("a read lock is cleared by TPM Reset and TPM Restart, kept by a Resume", arguments: Cycle.allCases)
    func readLock(_ kind: Cycle) throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(attributes: NVTemplates.indexAccess.union(.readSTClear)))
        try engine.require(Commands.nvWrite(Self.index, [1]), "NV_Write")
        try engine.require(Commands.nvReadLock(Self.index), "NV_ReadLock")
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 1)) == 0x148)
        try cycle(engine, kind)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 1)) == (kind == .resume ? 0x148 : 0))
        #expect(try engine.nvPublic(Self.index)?.attributes.contains(.readLocked) == (kind == .resume))
    }

    @Test(
        "a clearSTClear index is unwritten after TPM Reset and TPM Restart, still written after a Resume",
        arguments: Cycle.allCases)
    func clearSTClear(_ kind: Cycle) throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(attributes: NVTemplates.indexAccess.union(.clearSTClear)))
        try engine.require(Commands.nvWrite(Self.index, [1]), "NV_Write")
        try cycle(engine, kind)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 1)) == (kind == .resume ? 0 : 0x14A))
        #expect(try engine.nvPublic(Self.index)?.attributes.contains(.written) == (kind == .resume))
    }

    /// Part 2 §13.4 TPMA_NV_ORDERLY: a non-counter orderly index is unwritten after a TPM
    /// Reset only (Part 4 NvSetStartupAttributes).
    @Test("an orderly ordinary index is unwritten after a TPM Reset only", arguments: Cycle.allCases)
    func orderlyIndex(_ kind: Cycle) throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(attributes: NVTemplates.indexAccess.union(.orderly)))
        try engine.require(Commands.nvWrite(Self.index, [1]), "NV_Write")
        try cycle(engine, kind)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 1)) == (kind == .reset ? 0x14A : 0))
    }

    /// Part 1 §37.4.2: a counter keeps its value through every Startup, a power loss without
    /// Shutdown and a new process; once undefined, a counter defined again (at any handle)
    /// starts above the highest value any counter reached.
    @Test("counters never go back, even across undefine and redefine")
    func countersNeverGoBack() throws {
        let store = MemoryStore()
        var engine = try makeEngine(store: store)
        let counter = NVTemplates.index(type: .counter, size: 8, attributes: NVTemplates.indexAccess.union(.orderly))
        func value() throws -> UInt64 {
            let response = try engine.require(Commands.nvRead(Self.index, size: 8), "NV_Read")
            var r = TPMReader(response.parameters)
            return try r.readSized(max: 8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        try engine.define(counter)
        for _ in 0..<3 { try engine.require(Commands.nvIncrement(Self.index), "NV_Increment") }
        let reached = try value()
        try cycle(engine, .reset)
        #expect(try value() == reached)
        #expect(try engine.powerCycle(shutdown: nil, startup: StartupType.clear) == 0)
        #expect(try value() == reached)

        engine = try makeEngine(store: store)
        #expect(try value() == reached)
        try engine.require(Commands.nvUndefineSpace(Self.index), "NV_UndefineSpace")
        try engine.define(counter)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 8)) == 0x14A)
        try engine.require(Commands.nvIncrement(Self.index), "NV_Increment")
        #expect(try value() > reached)
    }
}
