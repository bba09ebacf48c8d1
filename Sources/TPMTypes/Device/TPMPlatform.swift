/// What a transport needs from a TPM: the command interface plus the platform signals that a
/// real board wires to the chip (power, NV availability, cancel, physical presence, the
/// locality-4 H-CRTM hash sequence). swtpm's control channel and mssim's platform port both
/// map onto this, so one device serves either protocol.
///
/// Implementations are serial devices: every method may be called from any thread, and each
/// call completes before the next one starts (a lock inside the device).
public protocol TPMPlatform: AnyObject {
    /// Runs one command and returns the whole response. Never throws: every failure is a
    /// response code in the returned bytes (TPM_RC_FAILURE when powered off or not initialised).
    func execute(_ command: [UInt8], locality: UInt8) -> [UInt8]

    /// _TPM_Init after power is applied. `deleteVolatile` drops any state saved by
    /// Shutdown(STATE) (swtpm's INIT flag 1).
    func powerOn(deleteVolatile: Bool) throws
    /// Removes power: volatile state is lost; a missing Shutdown is recorded as disorderly.
    func powerOff()
    var isPoweredOn: Bool { get }

    /// mssim NV_ON / NV_OFF: while off, commands that need NV answer TPM_RC_NV_UNAVAILABLE.
    func setNVAvailable(_ available: Bool)
    /// mssim CANCEL_ON / CANCEL_OFF, swtpm CANCEL_TPM_CMD.
    func setCancel(_ cancel: Bool)
    /// mssim PHYS_PRES_ON / PHYS_PRES_OFF.
    func setPhysicalPresence(_ asserted: Bool)

    /// TPM_ACCESS.tpmEstablished: set by an H-CRTM sequence, cleared from locality 3 or 4.
    var tpmEstablished: Bool { get }
    /// Clears tpmEstablished; refused (false) unless `locality` is 3 or 4.
    func resetEstablished(locality: UInt8) -> Bool

    /// _TPM_Hash_Start / _TPM_Hash_Data / _TPM_Hash_End (Part 1 §34.1, H-CRTM into PCR 0).
    func hashStart() -> Bool
    func hashData(_ data: [UInt8]) -> Bool
    func hashEnd() -> Bool

    /// Writes volatile state to the store, as swtpm's STORE_VOLATILE does.
    func storeVolatile() throws
    /// The state blob of one kind, in TrustBench's own documented format (docs/STATE.md).
    func stateBlob(_ kind: TPMStateBlobKind) throws -> [UInt8]
    /// Replaces one kind of state; only while powered off, as swtpm requires.
    func setStateBlob(_ kind: TPMStateBlobKind, _ blob: [UInt8]) throws

    /// The simulator's TEST_FAILURE_MODE signal: the next self-test puts the TPM into failure mode.
    func forceFailureMode()

    /// Largest command or response the device accepts (swtpm SET_BUFFERSIZE, TPM_PT_MAX_COMMAND_SIZE).
    /// Fixed for the device's life: the transports read it once per connection.
    var maxBufferSize: Int { get }
}

/// swtpm's three blob types (PTM_BLOB_TYPE_PERMANENT = 1, VOLATILE = 2, SAVESTATE = 3).
public enum TPMStateBlobKind: UInt32, Sendable {
    case permanent = 1
    case volatile = 2
    case savedState = 3
}

/// Errors of the platform interface, for transports to turn into protocol result codes.
public enum TPMPlatformError: Error, Equatable {
    /// The device must be powered off (SET_STATEBLOB) or on (STORE_VOLATILE) first.
    case wrongPowerState
    /// The blob is not one this build can read.
    case badBlob(String)
    /// Writing state failed; the message names the file and what to do.
    case storage(String)
}
