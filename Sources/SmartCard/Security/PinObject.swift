/// A PIN or PUK with its try counter (ISO/IEC 7816-4 §11.5.6–11.5.10). `remainingTries` is
/// durable: VERIFY spends a try and commits it before it compares, so cutting power after the
/// comparison cannot give a free guess.
public struct PinObject: Codable, Equatable, Sendable {
    /// The P2 that names it (b8 set: specific to the current DF; clear: global).
    public var reference: UInt8
    public var value: [UInt8]
    public var maxTries: Int
    public var remainingTries: Int
    public var minLength: Int
    public var maxLength: Int
    /// The PUK that RESET RETRY COUNTER checks before unblocking or replacing this PIN.
    public var resetReference: UInt8?

    /// A PIN with its full try counter (`remainingTries` starts at `maxTries`).
    /// - Parameters:
    ///   - reference: the P2 that names the PIN (b8 set: specific to the current DF; clear: global).
    ///   - value: the PIN bytes that VERIFY compares against.
    ///   - maxTries: the try counter's limit, also its starting value.
    ///   - minLength: the shortest allowed PIN, in bytes.
    ///   - maxLength: the longest allowed PIN, in bytes.
    ///   - resetReference: the PUK that RESET RETRY COUNTER checks; nil when there is none.
    public init(
        reference: UInt8, value: [UInt8], maxTries: Int, minLength: Int, maxLength: Int, resetReference: UInt8? = nil
    ) {
        self.reference = reference
        self.value = value
        self.maxTries = maxTries
        remainingTries = maxTries
        self.minLength = minLength
        self.maxLength = maxLength
        self.resetReference = resetReference
    }

    var isBlocked: Bool { remainingTries <= 0 }

    /// Whether `candidate` has an allowed length (a damaged record with min above max allows none).
    func acceptsLength(_ candidate: [UInt8]) -> Bool { candidate.count >= minLength && candidate.count <= maxLength }
}
