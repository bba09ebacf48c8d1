import TPMTypes

@testable import TPM2

/// The NV, hierarchy, clock, dictionary-attack and PCR-management commands, laid out as
/// Part 3 gives their handles and parameters. Every authorized handle takes a password
/// session unless the caller passes other sessions.
extension Commands {
    static func shutdown(_ type: UInt16) -> [UInt8] { command(.shutdown, parameters: be16(type)) }

    // MARK: NV (Part 3 §31)

    static func nvDefineSpace(_ publicInfo: TPMNVPublic, auth: [UInt8] = [], by authHandle: TPMHandle = TPMRH.owner)
        -> [UInt8]
    {
        command(
            .nvDefineSpace, handles: [authHandle], sessions: [.password()],
            parameters: NV_DefineSpace.Parameters(auth: auth, publicInfo: publicInfo).marshalled)
    }

    static func nvUndefineSpace(_ index: TPMHandle, by authHandle: TPMHandle = TPMRH.owner) -> [UInt8] {
        command(.nvUndefineSpace, handles: [authHandle, index], sessions: [.password()])
    }

    /// Handle 1 is the index (ADMIN role), handle 2 the platform.
    static func nvUndefineSpaceSpecial(_ index: TPMHandle, sessions: [AuthArea]) -> [UInt8] {
        command(.nvUndefineSpaceSpecial, handles: [index, TPMRH.platform], sessions: sessions)
    }

    static func nvReadPublic(_ index: TPMHandle) -> [UInt8] { command(.nvReadPublic, handles: [index]) }

    static func nvWrite(
        _ index: TPMHandle, _ data: [UInt8], offset: UInt16 = 0, by authHandle: TPMHandle? = nil,
        session: AuthArea = .password()
    ) -> [UInt8] {
        command(
            .nvWrite, handles: [authHandle ?? index, index], sessions: [session],
            parameters: NV_Write.Parameters(data: data, offset: offset).marshalled)
    }

    static func nvRead(_ index: TPMHandle, size: UInt16, offset: UInt16 = 0, by authHandle: TPMHandle? = nil) -> [UInt8]
    {
        command(
            .nvRead, handles: [authHandle ?? index, index], sessions: [.password()],
            parameters: NV_Read.Parameters(size: size, offset: offset).marshalled)
    }

    /// Authorized by the index itself with an empty password, as the next two.
    static func nvIncrement(_ index: TPMHandle) -> [UInt8] {
        command(.nvIncrement, handles: [index, index], sessions: [.password()])
    }

    static func nvWriteLock(_ index: TPMHandle) -> [UInt8] {
        command(.nvWriteLock, handles: [index, index], sessions: [.password()])
    }

    static func nvReadLock(_ index: TPMHandle) -> [UInt8] {
        command(.nvReadLock, handles: [index, index], sessions: [.password()])
    }

    static func nvChangeAuth(_ index: TPMHandle, newAuth: [UInt8], session: AuthArea) -> [UInt8] {
        command(
            .nvChangeAuth, handles: [index], sessions: [session],
            parameters: NV_ChangeAuth.Parameters(newAuth: newAuth).marshalled)
    }

    // MARK: Objects, hierarchies, dictionary attack (Part 3 §24, §25, §28)

    static func evictControl(
        _ object: TPMHandle, to persistentHandle: TPMHandle, by authHandle: TPMHandle = TPMRH.owner
    ) -> [UInt8] {
        command(
            .evictControl, handles: [authHandle, object], sessions: [.password()], parameters: be32(persistentHandle))
    }

    static func hierarchyControl(_ enable: TPMHandle, state: Bool, by authHandle: TPMHandle) -> [UInt8] {
        command(
            .hierarchyControl, handles: [authHandle], sessions: [.password()],
            parameters: be32(enable) + [state ? 1 : 0])
    }

    static func hierarchyChangeAuth(_ hierarchy: TPMHandle, newAuth: [UInt8], session: AuthArea = .password())
        -> [UInt8]
    {
        var w = TPMWriter()
        w.writeSized(newAuth)
        return command(.hierarchyChangeAuth, handles: [hierarchy], sessions: [session], parameters: w.bytes)
    }

    static func setPrimaryPolicy(_ hierarchy: TPMHandle, policy: [UInt8], hash: TPMAlgorithm = .sha256) -> [UInt8] {
        var w = TPMWriter()
        w.writeSized(policy)
        w.write(hash)
        return command(.setPrimaryPolicy, handles: [hierarchy], sessions: [.password()], parameters: w.bytes)
    }

    static func clear(by authHandle: TPMHandle = TPMRH.lockout) -> [UInt8] {
        command(.clear, handles: [authHandle], sessions: [.password()])
    }

    static func clearControl(disable: Bool, by authHandle: TPMHandle) -> [UInt8] {
        command(.clearControl, handles: [authHandle], sessions: [.password()], parameters: [disable ? 1 : 0])
    }

    static func changeEPS() -> [UInt8] { command(.changeEPS, handles: [TPMRH.platform], sessions: [.password()]) }

    static func changePPS() -> [UInt8] { command(.changePPS, handles: [TPMRH.platform], sessions: [.password()]) }

    static func dictionaryAttackLockReset() -> [UInt8] {
        command(.dictionaryAttackLockReset, handles: [TPMRH.lockout], sessions: [.password()])
    }

    static func dictionaryAttackParameters(maxTries: UInt32, recoveryTime: UInt32, lockoutRecovery: UInt32) -> [UInt8] {
        command(
            .dictionaryAttackParameters, handles: [TPMRH.lockout], sessions: [.password()],
            parameters: be32(maxTries) + be32(recoveryTime) + be32(lockoutRecovery))
    }

    // MARK: Clock (Part 3 §29)

    static func readClock() -> [UInt8] { command(.readClock) }

    static func clockSet(_ newTime: UInt64, by authHandle: TPMHandle = TPMRH.owner) -> [UInt8] {
        var w = TPMWriter()
        w.write(newTime)
        return command(.clockSet, handles: [authHandle], sessions: [.password()], parameters: w.bytes)
    }

    static func clockRateAdjust(
        _ rateAdjust: Int8, by authHandle: TPMHandle = TPMRH.owner,
        session: AuthArea = .password()
    ) -> [UInt8] {
        command(
            .clockRateAdjust, handles: [authHandle], sessions: [session], parameters: [UInt8(bitPattern: rateAdjust)])
    }

    // MARK: PCR management (Part 3 §22)

    static func pcrAllocate(_ allocation: TPMPCRSelectionList) -> [UInt8] {
        command(.pcrAllocate, handles: [TPMRH.platform], sessions: [.password()], parameters: allocation.marshalled)
    }

    static func pcrSetAuthValue(_ pcr: TPMHandle, auth: [UInt8], session: AuthArea = .password()) -> [UInt8] {
        var w = TPMWriter()
        w.writeSized(auth)
        return command(.pcrSetAuthValue, handles: [pcr], sessions: [session], parameters: w.bytes)
    }

    static func pcrSetAuthPolicy(_ pcr: TPMHandle, policy: [UInt8], hash: TPMAlgorithm = .sha256) -> [UInt8] {
        var w = TPMWriter()
        w.writeSized(policy)
        w.write(hash)
        w.write(pcr)
        return command(.pcrSetAuthPolicy, handles: [TPMRH.platform], sessions: [.password()], parameters: w.bytes)
    }

    /// Extends one SHA-256 digest of 0x11 bytes.
    static func pcrExtend(_ pcr: TPMHandle, session: AuthArea = .password()) -> [UInt8] {
        let digests = TPMDigestValues([(.sha256, [UInt8](repeating: 0x11, count: 32))])
        return command(.pcrExtend, handles: [pcr], sessions: [session], parameters: digests.marshalled)
    }

    /// A policy session (TPM_SE_POLICY), unsalted and unbound: its session key is empty, so
    /// it authorizes with an empty HMAC once its policyDigest matches.
    static func startPolicySession() -> [UInt8] { startAuthSession(type: 1, symmetric: .null) }
}

extension TPMEngine {
    /// Starts a policy session (its digest the initial all-zero one) and returns its handle.
    func startPolicySession() throws -> TPMHandle {
        let response = try require(Commands.startPolicySession(), "StartAuthSession")
        guard let handle = response.handle else { throw TestSetupError("StartAuthSession returned no handle") }
        return handle
    }

    /// What the engine holds in NV, decoded (the permanent record swtpm's GET_STATEBLOB gives).
    func permanentState() throws -> PermanentState { try PermanentState.decode(stateBlob(.permanent)) }
}

extension AuthArea {
    /// A use of the policy session at `handle`, whose digest is still the initial all-zero one.
    static func policy(_ handle: TPMHandle) -> AuthArea {
        AuthArea(handle: handle, nonce: [UInt8](repeating: 0xA5, count: 16))
    }
}

extension Response {
    /// The parameters of a response without a handle: for TPM_ST_SESSIONS, without the
    /// parameterSize in front or the session area behind.
    var parameters: [UInt8] {
        guard tag == TPMStructureTag.sessions, body.count >= 4 else { return body }
        let size = Int(body[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        return Array(body.dropFirst(4).prefix(size))
    }
}

/// NV index public areas: a small ordinary index the owner defines, and variations on it.
enum NVTemplates {
    static let handle: TPMHandle = 0x0150_0001
    static let ownerAccess: TPMNVAttributes = [.ownerWrite, .ownerRead]
    static let indexAccess: TPMNVAttributes = [.authWrite, .authRead]

    static func index(
        _ handle: TPMHandle = handle, type: TPMNVType = .ordinary, size: UInt16 = 32,
        attributes: TPMNVAttributes = ownerAccess.union(indexAccess), nameAlg: TPMAlgorithm = .sha256,
        authPolicy: [UInt8] = []
    ) -> TPMNVPublic {
        TPMNVPublic(
            index: handle, nameAlg: nameAlg, attributes: attributes.union(.ofType(type)), authPolicy: authPolicy,
            dataSize: size)
    }
}

extension TPMNVAttributes {
    /// TPM_NT in bits 7:4 of TPMA_NV.
    static func ofType(_ type: TPMNVType) -> TPMNVAttributes { TPMNVAttributes(rawValue: UInt32(type.rawValue) << 4) }
}

/// TPM_SU (Part 2 §6.10).
enum StartupType {
    static let clear: UInt16 = 0x0000
    static let state: UInt16 = 0x0001
}

extension TPMEngine {
    /// Optionally Shutdown, then power off and on (keeping what Shutdown(STATE) saved), then
    /// Startup; returns Startup's response code. `shutdown` nil is a power loss.
    func powerCycle(shutdown: UInt16?, startup: UInt16) throws -> UInt32 {
        if let shutdown {
            let code = Response(execute(Commands.shutdown(shutdown), locality: 0)).code
            guard code == 0 else { throw TestSetupError("Shutdown failed: 0x\(String(code, radix: 16))") }
        }
        powerOff()
        try powerOn(deleteVolatile: false)
        return Response(execute(Commands.startup(startup), locality: 0)).code
    }

    /// Sends a command that must succeed (test setup); throws with the code otherwise.
    @discardableResult
    func require(_ bytes: [UInt8], _ what: String) throws -> Response {
        let response = Response(execute(bytes, locality: 0))
        guard response.code == 0 else { throw TestSetupError("\(what) failed: 0x\(String(response.code, radix: 16))") }
        return response
    }

    /// One TPM_PT property's value through GetCapability(TPM_CAP_TPM_PROPERTIES).
    func property(_ property: UInt32) throws -> UInt32 {
        let response = try require(Commands.getCapability(property: property, count: 1), "GetCapability")
        var r = TPMReader(response.body)
        guard case .tpmProperties(let reported) = try GetCapability.Response(from: &r).capabilityData,
            let first = reported.first, first.property == property
        else {
            throw TestSetupError("property 0x\(String(property, radix: 16)) is not reported")
        }
        return first.value
    }

    /// The index's public area as NV_ReadPublic reports it, or nil if that fails.
    func nvPublic(_ index: TPMHandle) throws -> TPMNVPublic? {
        let response = Response(execute(Commands.nvReadPublic(index), locality: 0))
        guard response.code == 0 else { return nil }
        var r = TPMReader(response.body)
        return try r.readNested { (inner: inout TPMReader) throws(TPMError) in try TPMNVPublic(from: &inner) }
    }

    /// Defines `publicInfo` (setup: must succeed).
    func define(_ publicInfo: TPMNVPublic, auth: [UInt8] = [], by authHandle: TPMHandle = TPMRH.owner) throws {
        try require(Commands.nvDefineSpace(publicInfo, auth: auth, by: authHandle), "NV_DefineSpace")
    }

    /// Creates a primary ECC signing key in `hierarchy` and returns its handle.
    func primary(in hierarchy: TPMHandle, template: TPMPublic = Templates.eccSigning) throws -> TPMHandle {
        let response = try require(Commands.createPrimary(template, hierarchy: hierarchy), "CreatePrimary")
        guard let handle = response.handle else { throw TestSetupError("CreatePrimary returned no handle") }
        return handle
    }

    /// Name and qualified Name of a loaded object, from ReadPublic.
    func names(_ handle: TPMHandle) throws -> (name: [UInt8], qualifiedName: [UInt8]) {
        let response = try require(Commands.readPublic(handle), "ReadPublic")
        var r = TPMReader(response.body)
        _ = try TPMPublic(sizedFrom: &r)
        return (try r.readSized(max: TPMLimits.maxName), try r.readSized(max: TPMLimits.maxName))
    }

    /// TPMS_CLOCK_INFO and Time, from ReadClock.
    func clockInfo() throws -> (time: UInt64, clock: UInt64, resetCount: UInt32, restartCount: UInt32, safe: UInt8) {
        let response = try require(Commands.readClock(), "ReadClock")
        var r = TPMReader(response.body)
        return (try r.read(), try r.read(), try r.read(), try r.read(), try r.read())
    }
}
