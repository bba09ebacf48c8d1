import TPMTypes

/// The permanent-state record's layout (documented in docs/STATE.md): "TBPS", a u16 format
/// version, then the fields of `PermanentState` in declaration order with TPM marshalling.
extension PermanentState {
    static let magic: [UInt8] = Array("TBPS".utf8)
    static let formatVersion: UInt16 = 4

    func encoded() -> [UInt8] {
        var w = TPMWriter()
        w.write(bytes: Self.magic)
        w.write(Self.formatVersion)
        for value in [
            endorsementSeed, storageSeed, platformSeed, endorsementProof, ownerProof, platformProof,
            ownerAuth, endorsementAuth, lockoutAuth,
        ] {
            w.writeSized(value)
        }
        for policy in [ownerPolicy, endorsementPolicy, lockoutPolicy] {
            w.write(policy.hash)
            w.writeSized(policy.digest)
        }
        let flags: UInt8 =
            (ownerEnabled ? 1 : 0) | (endorsementEnabled ? 2 : 0) | (platformNVEnabled ? 4 : 0)
            | (disableClear ? 8 : 0) | (orderlyShutdown ? 16 : 0)
            | (dictionaryAttack.lockoutAuthLockedUntilReboot ? 32 : 0)
        w.write(flags)
        let da = dictionaryAttack
        for value in [da.failedTries, da.maxTries, da.recoveryTime, da.lockoutRecovery] { w.write(value) }
        w.write(da.lastDecrementClock)
        w.write(da.lockoutAuthLockedUntil)
        w.write(clock)
        w.write(resetCount)
        w.write(restartCount)
        w.write(maxCounter)
        w.write(UInt8(savedState == nil ? 0 : 1))
        if let savedState {
            w.write(UInt32(savedState.count))
            w.write(bytes: savedState)
        }
        writeBanks(pcrBanks, into: &w)
        w.write(UInt8(pendingPCRBanks == nil ? 0 : 1))
        if let pendingPCRBanks { writeBanks(pendingPCRBanks, into: &w) }
        w.write(UInt8(pcrPolicies.count))
        for (pcr, policy) in pcrPolicies.sorted(by: { $0.key < $1.key }) {
            w.write(UInt8(pcr))
            w.write(policy.hash)
            w.writeSized(policy.digest)
        }
        for list in [ppCommands, auditCommands] {
            w.write(UInt32(list.count))
            for code in list.sorted(by: { $0.rawValue < $1.rawValue }) { w.write(code.rawValue) }
        }
        w.write(auditHash)
        w.write(auditCounter)
        w.write(UInt32(persistentObjects.count))
        for (handle, object) in persistentObjects.sorted(by: { $0.key < $1.key }) {
            w.write(handle)
            w.write(object.hierarchy)
            object.publicArea.marshalSized(into: &w)
            w.writeNested { object.sensitive.marshal(into: &$0) }
            w.writeSized(object.qualifiedName)
        }
        w.write(UInt32(nvIndices.count))
        for (_, index) in nvIndices.sorted(by: { $0.key < $1.key }) {
            w.writeNested { index.publicArea.marshal(into: &$0) }
            w.writeSized(index.authValue)
            w.write(UInt32(index.data.count))
            w.write(bytes: index.data)
        }
        w.write(algorithmSet)
        return w.bytes
    }

    private func writeBanks(_ banks: [TPMAlgorithm], into w: inout TPMWriter) {
        w.write(UInt8(banks.count))
        for bank in banks { w.write(bank) }
    }

    /// Decodes a record; a wrong magic, version or a short record throws a sentence for people.
    static func decode(_ bytes: [UInt8]) throws(StateFormatError) -> PermanentState {
        var r = TPMReader(bytes)
        do {
            guard try r.readBytes(4) == magic else { throw StateFormatError.notAState }
            let version: UInt16 = try r.read()
            // Format 1 lacked PCR policies and the qualified names of persistent objects; format 2
            // the PP and audit command lists, audit hash and counter; format 3 the algorithm set.
            guard (1...formatVersion).contains(version) else { throw StateFormatError.version(version) }
            var seeds: [[UInt8]] = []
            for _ in 0..<9 { seeds.append(try r.readSized(max: 128)) }
            var policies: [HierarchyPolicy] = []
            for _ in 0..<3 {
                let hash = try TPMAlgorithm(from: &r)
                policies.append(HierarchyPolicy(hash: hash, digest: try r.readSized(max: TPMLimits.maxDigest)))
            }
            var state = PermanentState(
                endorsementSeed: seeds[0], storageSeed: seeds[1], platformSeed: seeds[2],
                endorsementProof: seeds[3], ownerProof: seeds[4], platformProof: seeds[5],
                pcrBanks: [])
            state.ownerAuth = seeds[6]
            state.endorsementAuth = seeds[7]
            state.lockoutAuth = seeds[8]
            state.ownerPolicy = policies[0]
            state.endorsementPolicy = policies[1]
            state.lockoutPolicy = policies[2]
            let flags: UInt8 = try r.read()
            state.ownerEnabled = flags & 1 != 0
            state.endorsementEnabled = flags & 2 != 0
            state.platformNVEnabled = flags & 4 != 0
            state.disableClear = flags & 8 != 0
            state.orderlyShutdown = flags & 16 != 0
            state.dictionaryAttack.lockoutAuthLockedUntilReboot = flags & 32 != 0
            state.dictionaryAttack.failedTries = try r.read()
            state.dictionaryAttack.maxTries = try r.read()
            state.dictionaryAttack.recoveryTime = try r.read()
            state.dictionaryAttack.lockoutRecovery = try r.read()
            state.dictionaryAttack.lastDecrementClock = try r.read()
            state.dictionaryAttack.lockoutAuthLockedUntil = try r.read()
            state.clock = try r.read()
            state.resetCount = try r.read()
            state.restartCount = try r.read()
            state.maxCounter = try r.read()
            if try r.read(UInt8.self) == 1 {
                let count = Int(try r.read(UInt32.self))
                state.savedState = try r.readBytes(count)
            }
            state.pcrBanks = try readBanks(&r)
            if try r.read(UInt8.self) == 1 { state.pendingPCRBanks = try readBanks(&r) }
            let policyCount: UInt8 = version == 1 ? 0 : try r.read()
            for _ in 0..<policyCount {
                let pcr = Int(try r.read(UInt8.self))
                let hash = try TPMAlgorithm(from: &r)
                state.pcrPolicies[pcr] = HierarchyPolicy(hash: hash, digest: try r.readSized(max: TPMLimits.maxDigest))
            }
            if version >= 3 {
                for list in 0..<2 {
                    let count: UInt32 = try r.read()
                    guard count <= 1024 else { throw StateFormatError.truncated }
                    var codes = Set<TPMCommandCode>()
                    for _ in 0..<count { codes.insert(TPMCommandCode(rawValue: try r.read())) }
                    if list == 0 { state.ppCommands = codes } else { state.auditCommands = codes }
                }
                state.auditHash = try TPMAlgorithm(from: &r)
                state.auditCounter = try r.read()
            }
            let objectCount: UInt32 = try r.read()
            for _ in 0..<objectCount {
                let handle: TPMHandle = try r.read()
                let hierarchy: TPMHandle = try r.read()
                let publicArea = try TPMPublic(sizedFrom: &r)
                guard
                    let sensitive = try r.readNested({ (inner: inout TPMReader) throws(TPMError) in
                        try TPMSensitive(from: &inner)
                    })
                else {
                    throw StateFormatError.truncated
                }
                let qualifiedName = version == 1 ? publicArea.name : try r.readSized(max: TPMLimits.maxName)
                state.persistentObjects[handle] = StoredObject(
                    hierarchy: hierarchy, publicArea: publicArea, sensitive: sensitive,
                    qualifiedName: qualifiedName)
            }
            let nvCount: UInt32 = try r.read()
            for _ in 0..<nvCount {
                guard
                    let nvPublic = try r.readNested({ (inner: inout TPMReader) throws(TPMError) in
                        try TPMNVPublic(from: &inner)
                    })
                else {
                    throw StateFormatError.truncated
                }
                let auth = try r.readSized(max: TPMLimits.maxDigest)
                let dataCount = Int(try r.read(UInt32.self))
                let data = try r.readBytes(dataCount)
                state.nvIndices[nvPublic.index] = NVIndex(publicArea: nvPublic, authValue: auth, data: data)
            }
            if version >= 4 { state.algorithmSet = try r.read() }
            guard r.isAtEnd else { throw StateFormatError.trailingBytes }
            return state
        } catch let error as StateFormatError {
            throw error
        } catch {
            throw StateFormatError.truncated
        }
    }

    private static func readBanks(_ r: inout TPMReader) throws(TPMError) -> [TPMAlgorithm] {
        let count: UInt8 = try r.read()
        var banks: [TPMAlgorithm] = []
        for _ in 0..<count { banks.append(try TPMAlgorithm(from: &r)) }
        return banks
    }
}

/// Why a state record cannot be read.
enum StateFormatError: Error, CustomStringConvertible {
    case notAState
    case version(UInt16)
    case truncated
    case trailingBytes

    var description: String {
        switch self {
        case .notAState: return "it is not a TrustBench TPM state (wrong magic)"
        case .version(let v):
            return "it was written by state format \(v), this build reads format \(PermanentState.formatVersion)"
        case .truncated: return "it is truncated or corrupt"
        case .trailingBytes: return "it has unexpected bytes after the last record"
        }
    }
}
