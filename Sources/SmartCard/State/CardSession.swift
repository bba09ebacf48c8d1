/// What a logical channel remembers between commands (ISO/IEC 7816-4 §5.4.1, §7.2): its
/// current DF, EF and record, the application it selected, a command chain being received,
/// response bytes waiting for GET RESPONSE, the last challenge and the security environment.
struct ChannelState {
    var currentDF: FilePath = []
    var currentEF: FilePath?
    var currentRecord: Int?
    var selectedByName: FilePath?
    /// The hosted application selected on this channel (an index into CardOS.applications);
    /// nil while the file system is.
    var application: Int?
    var chain: CommandAPDU?
    var pendingResponse: [UInt8] = []
    var challenge: [UInt8]?
    var environment = SecurityEnvironment()
}

/// Keys chosen by MANAGE SECURITY ENVIRONMENT, per control reference template: DST (B6) for
/// signatures, CT (B8) for deciphering, AT (A4) for authentication.
struct SecurityEnvironment {
    var signature: UInt8?
    var confidentiality: UInt8?
    var authentication: UInt8?
}

/// The volatile state since power-on: open channels and the security status (verified PINs and
/// externally authenticated keys, card-wide in this OS).
struct CardSession {
    var channels: [Int: ChannelState] = [0: ChannelState()]
    var verifiedPins: Set<UInt8> = []
    var authenticatedKeys: Set<UInt8> = []
    /// Each hosted application's security status since power-on, keyed by its session type.
    private var applicationSessions: [ObjectIdentifier: any ApplicationSession] = [:]

    /// The session of the hosted application whose session type is `S` (a fresh one until it
    /// changes).
    subscript<S: ApplicationSession>(_: S.Type) -> S {
        get { applicationSessions[ObjectIdentifier(S.self)] as? S ?? S() }
        set { applicationSessions[ObjectIdentifier(S.self)] = newValue }
    }
}
