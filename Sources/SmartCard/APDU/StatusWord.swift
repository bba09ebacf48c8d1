/// SW1-SW2 of a response APDU (ISO/IEC 7816-4 §5.6, Tables 5 and 6). A command that fails
/// throws one; every failure on the wire is one of these, never a crash or a silence.
public struct StatusWord: Error, Hashable, Sendable, CustomStringConvertible {
    public let value: UInt16

    /// A status word from its 16-bit value.
    /// - Parameter value: SW1 in the high byte, SW2 in the low byte (e.g. 0x9000).
    public init(_ value: UInt16) { self.value = value }
    /// A status word from its two bytes.
    /// - Parameters:
    ///   - sw1: the first status byte (SW1).
    ///   - sw2: the second status byte (SW2).
    public init(sw1: UInt8, sw2: UInt8) { value = UInt16(sw1) << 8 | UInt16(sw2) }

    public var sw1: UInt8 { UInt8(value >> 8) }
    public var sw2: UInt8 { UInt8(value & 0xFF) }
    public var bytes: [UInt8] { [sw1, sw2] }
    public var description: String { String(format: "%04X", value) }

    public static let success = StatusWord(0x9000)
    /// 61xx: xx more bytes wait for GET RESPONSE (00: 256 or more).
    /// - Parameter count: the number of response bytes still waiting; 256 or more encodes as 00.
    /// - Returns: the status word 61xx.
    public static func bytesRemaining(_ count: Int) -> StatusWord {
        StatusWord(sw1: 0x61, sw2: UInt8(min(count, 256) & 0xFF))
    }
    /// 6282: end of file or record reached before Ne bytes were read.
    public static let endOfFileReached = StatusWord(0x6282)
    /// 6300: authentication failed (no retry counter involved).
    public static let authenticationFailed = StatusWord(0x6300)
    /// 63Cx: verification failed or queried; x tries remain.
    /// - Parameter count: the tries left, clamped to 0…15.
    /// - Returns: the status word 63Cx.
    public static func triesRemaining(_ count: Int) -> StatusWord {
        StatusWord(sw1: 0x63, sw2: 0xC0 | UInt8(min(max(count, 0), 15)))
    }
    /// 6581: memory failure: the state could not be made durable.
    public static let memoryFailure = StatusWord(0x6581)
    public static let wrongLength = StatusWord(0x6700)
    public static let logicalChannelNotSupported = StatusWord(0x6881)
    public static let secureMessagingNotSupported = StatusWord(0x6882)
    public static let lastCommandOfChainExpected = StatusWord(0x6883)
    public static let incompatibleFileStructure = StatusWord(0x6981)
    public static let securityStatusNotSatisfied = StatusWord(0x6982)
    public static let authenticationMethodBlocked = StatusWord(0x6983)
    public static let referenceDataNotUsable = StatusWord(0x6984)
    public static let conditionsOfUseNotSatisfied = StatusWord(0x6985)
    /// 6986: command not allowed, no current EF.
    public static let noCurrentEF = StatusWord(0x6986)
    public static let incorrectData = StatusWord(0x6A80)
    public static let functionNotSupported = StatusWord(0x6A81)
    public static let fileNotFound = StatusWord(0x6A82)
    public static let recordNotFound = StatusWord(0x6A83)
    public static let notEnoughMemoryInFile = StatusWord(0x6A84)
    public static let incorrectP1P2 = StatusWord(0x6A86)
    /// 6A87: Nc inconsistent with P1-P2.
    public static let lengthInconsistentWithP1P2 = StatusWord(0x6A87)
    public static let referencedDataNotFound = StatusWord(0x6A88)
    /// 6B00: wrong parameters P1-P2, also an offset outside the EF.
    public static let wrongParameters = StatusWord(0x6B00)
    /// 6Cxx: wrong Le; xx is the exact number of bytes available.
    /// - Parameter count: the number of bytes available; 256 or more encodes as 00.
    /// - Returns: the status word 6Cxx.
    public static func exactLength(_ count: Int) -> StatusWord {
        StatusWord(sw1: 0x6C, sw2: UInt8(min(count, 256) & 0xFF))
    }
    public static let instructionNotSupported = StatusWord(0x6D00)
    public static let classNotSupported = StatusWord(0x6E00)
}

/// What a command answers: data and a status that is success or a warning (61xx, 6282, 63Cx).
struct CardResponse: Equatable {
    var data: [UInt8] = []
    var status: StatusWord = .success
    /// Send the data even to a command without Le, as if Le were 00 (256 bytes): what the cards
    /// an application's clients are written against do (CardOS.dispatch sets it).
    var sentWithoutLe = false
}
