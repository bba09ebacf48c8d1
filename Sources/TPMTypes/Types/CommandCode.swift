/// TPM_CC (Part 2 §6.5.2).
public struct TPMCommandCode: RawRepresentable, Hashable, Sendable, TPMCodable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(from reader: inout TPMReader) throws(TPMError) { rawValue = try reader.read() }
    public func marshal(into writer: inout TPMWriter) { writer.write(rawValue) }

    public static let nvUndefineSpaceSpecial = Self(rawValue: 0x11F)
    public static let evictControl = Self(rawValue: 0x120)
    public static let hierarchyControl = Self(rawValue: 0x121)
    public static let nvUndefineSpace = Self(rawValue: 0x122)
    public static let changeEPS = Self(rawValue: 0x124)
    public static let changePPS = Self(rawValue: 0x125)
    public static let clear = Self(rawValue: 0x126)
    public static let clearControl = Self(rawValue: 0x127)
    public static let clockSet = Self(rawValue: 0x128)
    public static let hierarchyChangeAuth = Self(rawValue: 0x129)
    public static let nvDefineSpace = Self(rawValue: 0x12A)
    public static let pcrAllocate = Self(rawValue: 0x12B)
    public static let pcrSetAuthPolicy = Self(rawValue: 0x12C)
    public static let ppCommands = Self(rawValue: 0x12D)
    public static let setPrimaryPolicy = Self(rawValue: 0x12E)
    public static let clockRateAdjust = Self(rawValue: 0x130)
    public static let createPrimary = Self(rawValue: 0x131)
    public static let nvGlobalWriteLock = Self(rawValue: 0x132)
    public static let getCommandAuditDigest = Self(rawValue: 0x133)
    public static let nvIncrement = Self(rawValue: 0x134)
    public static let nvSetBits = Self(rawValue: 0x135)
    public static let nvExtend = Self(rawValue: 0x136)
    public static let nvWrite = Self(rawValue: 0x137)
    public static let nvWriteLock = Self(rawValue: 0x138)
    public static let dictionaryAttackLockReset = Self(rawValue: 0x139)
    public static let dictionaryAttackParameters = Self(rawValue: 0x13A)
    public static let nvChangeAuth = Self(rawValue: 0x13B)
    public static let pcrEvent = Self(rawValue: 0x13C)
    public static let pcrReset = Self(rawValue: 0x13D)
    public static let sequenceComplete = Self(rawValue: 0x13E)
    public static let setAlgorithmSet = Self(rawValue: 0x13F)
    public static let setCommandCodeAuditStatus = Self(rawValue: 0x140)
    public static let incrementalSelfTest = Self(rawValue: 0x142)
    public static let selfTest = Self(rawValue: 0x143)
    public static let startup = Self(rawValue: 0x144)
    public static let shutdown = Self(rawValue: 0x145)
    public static let stirRandom = Self(rawValue: 0x146)
    public static let activateCredential = Self(rawValue: 0x147)
    public static let certify = Self(rawValue: 0x148)
    public static let policyNV = Self(rawValue: 0x149)
    public static let certifyCreation = Self(rawValue: 0x14A)
    public static let duplicate = Self(rawValue: 0x14B)
    public static let getTime = Self(rawValue: 0x14C)
    public static let getSessionAuditDigest = Self(rawValue: 0x14D)
    public static let nvRead = Self(rawValue: 0x14E)
    public static let nvReadLock = Self(rawValue: 0x14F)
    public static let objectChangeAuth = Self(rawValue: 0x150)
    public static let policySecret = Self(rawValue: 0x151)
    public static let rewrap = Self(rawValue: 0x152)
    public static let create = Self(rawValue: 0x153)
    public static let ecdhZGen = Self(rawValue: 0x154)
    public static let hmac = Self(rawValue: 0x155)
    public static let `import` = Self(rawValue: 0x156)
    public static let load = Self(rawValue: 0x157)
    public static let quote = Self(rawValue: 0x158)
    public static let rsaDecrypt = Self(rawValue: 0x159)
    public static let hmacStart = Self(rawValue: 0x15B)
    public static let sequenceUpdate = Self(rawValue: 0x15C)
    public static let sign = Self(rawValue: 0x15D)
    public static let unseal = Self(rawValue: 0x15E)
    public static let policySigned = Self(rawValue: 0x160)
    public static let contextLoad = Self(rawValue: 0x161)
    public static let contextSave = Self(rawValue: 0x162)
    public static let ecdhKeyGen = Self(rawValue: 0x163)
    public static let encryptDecrypt = Self(rawValue: 0x164)
    public static let flushContext = Self(rawValue: 0x165)
    public static let loadExternal = Self(rawValue: 0x167)
    public static let makeCredential = Self(rawValue: 0x168)
    public static let nvReadPublic = Self(rawValue: 0x169)
    public static let policyAuthorize = Self(rawValue: 0x16A)
    public static let policyAuthValue = Self(rawValue: 0x16B)
    public static let policyCommandCode = Self(rawValue: 0x16C)
    public static let policyCounterTimer = Self(rawValue: 0x16D)
    public static let policyCpHash = Self(rawValue: 0x16E)
    public static let policyLocality = Self(rawValue: 0x16F)
    public static let policyNameHash = Self(rawValue: 0x170)
    public static let policyOR = Self(rawValue: 0x171)
    public static let policyTicket = Self(rawValue: 0x172)
    public static let readPublic = Self(rawValue: 0x173)
    public static let rsaEncrypt = Self(rawValue: 0x174)
    public static let startAuthSession = Self(rawValue: 0x176)
    public static let verifySignature = Self(rawValue: 0x177)
    public static let eccParameters = Self(rawValue: 0x178)
    public static let getCapability = Self(rawValue: 0x17A)
    public static let getRandom = Self(rawValue: 0x17B)
    public static let getTestResult = Self(rawValue: 0x17C)
    public static let hash = Self(rawValue: 0x17D)
    public static let pcrRead = Self(rawValue: 0x17E)
    public static let policyPCR = Self(rawValue: 0x17F)
    public static let policyRestart = Self(rawValue: 0x180)
    public static let readClock = Self(rawValue: 0x181)
    public static let pcrExtend = Self(rawValue: 0x182)
    public static let pcrSetAuthValue = Self(rawValue: 0x183)
    public static let nvCertify = Self(rawValue: 0x184)
    public static let eventSequenceComplete = Self(rawValue: 0x185)
    public static let hashSequenceStart = Self(rawValue: 0x186)
    public static let policyPhysicalPresence = Self(rawValue: 0x187)
    public static let policyDuplicationSelect = Self(rawValue: 0x188)
    public static let policyGetDigest = Self(rawValue: 0x189)
    public static let testParms = Self(rawValue: 0x18A)
    public static let commit = Self(rawValue: 0x18B)
    public static let policyPassword = Self(rawValue: 0x18C)
    public static let zGen2Phase = Self(rawValue: 0x18D)
    public static let ecEphemeral = Self(rawValue: 0x18E)
    public static let policyNvWritten = Self(rawValue: 0x18F)
    public static let policyTemplate = Self(rawValue: 0x190)
    public static let createLoaded = Self(rawValue: 0x191)
    public static let policyAuthorizeNV = Self(rawValue: 0x192)
    public static let encryptDecrypt2 = Self(rawValue: 0x193)
    public static let certifyX509 = Self(rawValue: 0x197)
    public static let eccEncrypt = Self(rawValue: 0x199)
    public static let eccDecrypt = Self(rawValue: 0x19A)

    public var description: String { "TPM_CC 0x" + String(rawValue, radix: 16) }
}

extension TPMCommandCode {
    /// The commands with a handle in their response's handle area (TPMA_CC.rHandle, Part 2
    /// §8.9), as their descriptions say.
    public static let returningAHandle: Set<TPMCommandCode> = Set(
        TPMCommands.all.filter { $0.returnsHandle }.map { $0.code })
}

/// TPM_ST (Part 2 §6.9).
public enum TPMStructureTag {
    public static let rspCommand: UInt16 = 0x00C4
    public static let null: UInt16 = 0x8000
    public static let noSessions: UInt16 = 0x8001
    public static let sessions: UInt16 = 0x8002
    public static let attestNV: UInt16 = 0x8014
    public static let attestCommandAudit: UInt16 = 0x8015
    public static let attestSessionAudit: UInt16 = 0x8016
    public static let attestCertify: UInt16 = 0x8017
    public static let attestQuote: UInt16 = 0x8018
    public static let attestTime: UInt16 = 0x8019
    public static let attestCreation: UInt16 = 0x801A
    public static let attestNVDigest: UInt16 = 0x801C
    public static let creation: UInt16 = 0x8021
    public static let verified: UInt16 = 0x8022
    public static let authSecret: UInt16 = 0x8023
    public static let hashcheck: UInt16 = 0x8024
    public static let authSigned: UInt16 = 0x8025
}
