/// swtpm's control channel, from include/swtpm/tpm_ioctl.h: big-endian `u32 command | request`
/// in, `u32 result | response` out ("the 'resp' part of the unions").
enum SwtpmControlCommand: UInt32 {
    case getCapability = 0x01
    case initialize = 0x02
    case shutdown = 0x03
    case getTPMEstablished = 0x04
    case setLocality = 0x05
    case hashStart = 0x06
    case hashData = 0x07
    case hashEnd = 0x08
    case cancelTPMCommand = 0x09
    case storeVolatile = 0x0A
    case resetTPMEstablished = 0x0B
    case getStateBlob = 0x0C
    case setStateBlob = 0x0D
    case stop = 0x0E
    case getConfig = 0x0F
    case setDataFD = 0x10
    case setBufferSize = 0x11
    case getInfo = 0x12
    case lockStorage = 0x13
}

/// ptm_res values: TPM 1.2 return codes (TPM 1.2 Part 2 §16), as swtpm answers them.
enum PTMResult {
    static let success: UInt32 = 0
    static let badParameter: UInt32 = 0x03
    static let fail: UInt32 = 0x09
    /// Also swtpm's answer to a command the TPM's run state forbids (not running / running).
    static let badOrdinal: UInt32 = 0x0A
    static let ioError: UInt32 = 0x1F
    static let badLocality: UInt32 = 0x3D
}

/// PTM_CAP_* bits returned by GET_CAPABILITY (ptm_cap_n.caps).
enum PTMCapability {
    static let initialize: UInt32 = 1 << 0
    static let shutdown: UInt32 = 1 << 1
    static let getTPMEstablished: UInt32 = 1 << 2
    static let setLocality: UInt32 = 1 << 3
    static let hashing: UInt32 = 1 << 4
    static let cancelTPMCommand: UInt32 = 1 << 5
    static let storeVolatile: UInt32 = 1 << 6
    static let resetTPMEstablished: UInt32 = 1 << 7
    static let getStateBlob: UInt32 = 1 << 8
    static let setStateBlob: UInt32 = 1 << 9
    static let stop: UInt32 = 1 << 10
    static let getConfig: UInt32 = 1 << 11
    static let setDataFD: UInt32 = 1 << 12
    static let setBufferSize: UInt32 = 1 << 13
    static let getInfo: UInt32 = 1 << 14
    /// The data channel accepts the mssim TPM_SEND_COMMAND prefix.
    static let sendCommandHeader: UInt32 = 1 << 15
    static let lockStorage: UInt32 = 1 << 16

    /// Everything this server implements: swtpm 0.7's 0xFFFF plus LOCK_STORAGE.
    static let all: UInt32 = (1 << 17) - 1
}

/// Request and response field values from tpm_ioctl.h.
enum PTMFlag {
    /// ptm_init.init_flags: drop the volatile state saved by Shutdown(STATE).
    static let initDeleteVolatile: UInt32 = 1
    /// ptm_getstate/ptm_setstate.state_flags: the blob is encrypted (swtpm's --key/--migration-key).
    static let stateEncrypted: UInt32 = 2
    /// ptm_getinfo.flags
    static let infoTPMSpecification: UInt64 = 1
    static let infoTPMAttributes: UInt64 = 2
    /// PTM_GETINFO_SIZE: the most GET_INFO returns per call.
    static let infoChunkSize = 3 * 1024
}

/// The mssim TPM_SEND_COMMAND code that may prefix a command on swtpm's data channel.
enum MssimSendCommand {
    static let code: UInt32 = 8
    /// `u32 8 | u8 locality | u32 size`
    static let prefixSize = 9
}
