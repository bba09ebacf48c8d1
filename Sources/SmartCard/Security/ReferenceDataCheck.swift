import TrustCrypto

/// Where a command family finds its PINs and their verification status: the card's own (the
/// ISO file system's) or an application's, whose references are its own (PIV's 81 is the PUK,
/// OpenPGP's 81 is PW1).
struct PinDirectory: Sendable {
    let pins: WritableKeyPath<CardState, [UInt8: PinObject]> & Sendable
    let verified: WritableKeyPath<CardSession, Set<UInt8>> & Sendable

    static let fileSystem = PinDirectory(pins: \.pins, verified: \.verifiedPins)
}

extension CardOS {
    /// Compares `candidate` with PIN or PUK `reference` in the tear-safe order (ISO/IEC 7816-4
    /// §11.5.6 leaves it to the card; attacks on cards that compare first are public): spend a
    /// try, commit it, compare, and only then give the try back on a match. Power cut before the
    /// commit: the comparison never ran. After it: the try is already spent.
    /// 6A88 no such reference data; 6983 blocked; 6581 when the spent try cannot be committed.
    func checkReferenceData(_ candidate: [UInt8], against reference: UInt8, in directory: PinDirectory = .fileSystem)
        throws(StatusWord) -> Bool
    {
        guard let pin = state[keyPath: directory.pins][reference] else { throw .referencedDataNotFound }
        guard !pin.isBlocked else { throw .authenticationMethodBlocked }
        state[keyPath: directory.pins][reference]?.remainingTries = pin.remainingTries - 1
        try persist()
        guard SecureBytes.equal(candidate, pin.value) else {
            session[keyPath: directory.verified].remove(reference)
            return false
        }
        state[keyPath: directory.pins][reference]?.remainingTries = pin.maxTries
        session[keyPath: directory.verified].insert(reference)
        return true
    }

    /// 63Cx with the tries left on `reference` after a failed comparison.
    func failedCheck(_ reference: UInt8, in directory: PinDirectory = .fileSystem) -> CardResponse {
        CardResponse(status: .triesRemaining(state[keyPath: directory.pins][reference]?.remainingTries ?? 0))
    }
}
