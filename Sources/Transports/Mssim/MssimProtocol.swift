/// The Microsoft simulator's TCP protocol, from ms-tpm-20-ref Simulator/include/TpmTcpProtocol.h
/// and Simulator/src/TcpServer.c. All integers big-endian; every command is acknowledged with
/// `u32 0` unless noted.
enum MssimCommand: UInt32 {
    case powerOn = 1
    case powerOff = 2
    case physicalPresenceOn = 3
    case physicalPresenceOff = 4
    case hashStart = 5
    /// `u32 n | n bytes`
    case hashData = 6
    case hashEnd = 7
    /// `u8 locality | u32 n | n bytes` → `u32 m | m bytes`, then the `u32 0` acknowledgement.
    case sendCommand = 8
    case cancelOn = 9
    case cancelOff = 10
    case nvOn = 11
    case nvOff = 12
    case keyCacheOn = 13
    case keyCacheOff = 14
    /// `u32 client version` → `u32 server version | u32 endpoint flags`, then `u32 0`.
    case remoteHandshake = 15
    /// `u32 result`, accepted and ignored by the simulator.
    case setAlternativeResult = 16
    case reset = 17
    case restart = 18
    /// Closes the connection without a reply.
    case sessionEnd = 20
    /// Stops the server without a reply.
    case stop = 21
    /// Platform port: `u32 16 | largest command size, its code, largest response size, its code`.
    case getCommandResponseSizes = 25
    case testFailureMode = 30
}

enum MssimProtocol {
    /// TcpServer.c's ServerVersion.
    static let serverVersion: UInt32 = 1
    /// TpmEndPointInfo: tpmPlatformAvailable | tpmInRawMode | tpmSupportsPP, as the simulator answers.
    static let endpointFlags: UInt32 = 0x01 | 0x04 | 0x08
    /// The acknowledgement of a platform signal the server does not know (TcpServer.c writes 1
    /// and drops the connection).
    static let unrecognised: UInt32 = 1
    /// TcpServer.c's MAX_BUFFER: the largest HASH_DATA it reads.
    static let maximumHashData = 1 << 20
}
