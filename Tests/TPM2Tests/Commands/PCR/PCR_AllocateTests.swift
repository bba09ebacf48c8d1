import TPMTypes
import Testing

@testable import TPM2

/// TPM2_PCR_Allocate (Part 3 §22.5): whole banks only, effective at the next TPM Reset.
/// The default profile allocates SHA-1, SHA-256 and SHA-384 and implements SHA-512 too.
@Suite("PCR_Allocate")
struct PCR_AllocateTests {
    static let allPCRs = Array(0..<24)

    /// allocationSuccess, maxPCR, sizeNeeded, sizeAvailable.
    struct Result: Equatable {
        var success: UInt8
        var maxPCR: UInt32
        var sizeNeeded: UInt32
        var sizeAvailable: UInt32
    }

    func allocate(_ engine: TPMEngine, _ selections: [TPMPCRSelection]) throws -> Result {
        let response = try engine.require(Commands.pcrAllocate(TPMPCRSelectionList(selections)), "PCR_Allocate")
        var r = TPMReader(response.parameters)
        let result = Result(
            success: try r.read(), maxPCR: try r.read(), sizeNeeded: try r.read(), sizeAvailable: try r.read())
        #expect(r.isAtEnd)
        return result
    }

    /// The banks in which PCR_Read returns PCR 0 (it answers an empty selection for a bank
    /// that is not allocated).
    func allocatedBanks(_ engine: TPMEngine) throws -> [TPMAlgorithm] {
        let everyBank = TPMPCRSelectionList(
            [.sha1, .sha256, .sha384, .sha512].map { TPMPCRSelection(hash: $0, pcrs: [0]) })
        let response = try engine.require(Commands.pcrRead(everyBank), "PCR_Read")
        var r = TPMReader(response.body)
        _ = try r.read(UInt32.self)
        return try TPMPCRSelectionList(from: &r).selections.filter { !$0.pcrs.isEmpty }.map(\.hash)
    }

    @Test("a partial bank gives allocationSuccess NO and changes nothing, even after a reset")
    func partialBank() throws {
        let engine = try makeEngine()
        let result = try allocate(engine, [TPMPCRSelection(hash: .sha256, pcrs: Array(0..<8))])
        #expect(result.success == 0)
        #expect(try engine.powerCycle(shutdown: StartupType.clear, startup: StartupType.clear) == 0)
        #expect(try allocatedBanks(engine) == [.sha1, .sha256, .sha384])
    }

    /// sizeNeeded counts digest bytes of the new allocation, sizeAvailable those of every
    /// implemented bank: 24 × (20 + 32 + 48 + 64) = 3936.
    @Test("whole banks: allocationSuccess YES with maxPCR 24 and the sizes, in effect only after the next TPM Reset")
    func wholeBanks() throws {
        let engine = try makeEngine()
        let result = try allocate(
            engine, [TPMPCRSelection(hash: .sha1, pcrs: []), TPMPCRSelection(hash: .sha512, pcrs: Self.allPCRs)])
        #expect(result == Result(success: 1, maxPCR: 24, sizeNeeded: 24 * (32 + 48 + 64), sizeAvailable: 3936))
        #expect(try allocatedBanks(engine) == [.sha1, .sha256, .sha384])
        #expect(try engine.powerCycle(shutdown: StartupType.clear, startup: StartupType.clear) == 0)
        #expect(try allocatedBanks(engine) == [.sha256, .sha384, .sha512])
    }

    /// The saved PCR state has the old banks, so it cannot be resumed. The allocation comes
    /// after Shutdown(STATE) here: Part 3 §9.4 refuses Shutdown(STATE) once an allocation is
    /// pending.
    @Test(
        "Startup(STATE) with an allocation pending is TPM_RC_VALUE + parameter 1 (0x1C4); Startup(CLEAR) then applies it"
    )
    func resumeWithPendingAllocation() throws {
        let engine = try makeEngine()
        try engine.require(Commands.shutdown(StartupType.state), "Shutdown")
        #expect(try allocate(engine, [TPMPCRSelection(hash: .sha1, pcrs: [])]).success == 1)
        #expect(try engine.powerCycle(shutdown: nil, startup: StartupType.state) == 0x1C4)
        #expect(responseCode(engine, Commands.startup(StartupType.clear)) == 0)
        #expect(try allocatedBanks(engine) == [.sha256, .sha384])
    }

    /// Part 3 §9.4: a new allocation needs a TPM Reset, so the state cannot be saved for a
    /// Resume while one is pending (shutdownType is parameter 1); Shutdown(CLEAR) is fine.
    @Test("Shutdown(STATE) with an allocation pending is TPM_RC_TYPE + parameter 1 (0x1CA); Shutdown(CLEAR) succeeds")
    func shutdownStateWithPendingAllocation() throws {
        let engine = try makeEngine()
        #expect(try allocate(engine, [TPMPCRSelection(hash: .sha1, pcrs: [])]).success == 1)
        #expect(responseCode(engine, Commands.shutdown(StartupType.state)) == 0x1CA)
        #expect(try engine.stateBlob(.savedState).isEmpty, "nothing saved")
        #expect(responseCode(engine, Commands.shutdown(StartupType.clear)) == 0)
        #expect(try engine.powerCycle(shutdown: nil, startup: StartupType.clear) == 0)
        #expect(try allocatedBanks(engine) == [.sha256, .sha384])
    }

    /// Part 4 PCRAllocate: some bank must keep the H-CRTM and D-RTM PCRs; with whole banks
    /// that is any bank. The check comes before the allocation is written (no number).
    @Test("an allocation that removes every bank is TPM_RC_PCR (0x127) and leaves the pending allocation as it was")
    func noBankLeft() throws {
        let engine = try makeEngine()
        #expect(try allocate(engine, [TPMPCRSelection(hash: .sha1, pcrs: [])]).success == 1)
        let none = TPMPCRSelectionList([.sha1, .sha256, .sha384, .sha512].map { TPMPCRSelection(hash: $0, pcrs: []) })
        #expect(responseCode(engine, Commands.pcrAllocate(none)) == 0x127)
        #expect(try engine.permanentState().pendingPCRBanks == [.sha256, .sha384])
        #expect(try engine.powerCycle(shutdown: StartupType.clear, startup: StartupType.clear) == 0)
        #expect(try allocatedBanks(engine) == [.sha256, .sha384])
    }

    @Test("a hash the profile does not implement is TPM_RC_HASH + parameter 1 (0x1C3)")
    func unimplementedHash() throws {
        let engine = try makeEngine()
        #expect(
            responseCode(
                engine, Commands.pcrAllocate(TPMPCRSelectionList([TPMPCRSelection(hash: .sm3_256, pcrs: Self.allPCRs)]))
            ) == 0x1C3)
    }

    @Test("PCR_Allocate by the owner is TPM_RC_VALUE + handle 1 (0x184)")
    func platformOnly() throws {
        let engine = try makeEngine()
        let bytes = command(
            .pcrAllocate, handles: [TPMRH.owner], sessions: [.password()], parameters: TPMPCRSelectionList().marshalled)
        #expect(responseCode(engine, bytes) == 0x184)
    }
}
