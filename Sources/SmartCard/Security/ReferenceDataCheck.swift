import TrustCrypto

extension CardOS {
    /// Compares `candidate` with PIN or PUK `reference` in the tear-safe order (ISO/IEC 7816-4
    /// §11.5.6 leaves it to the card; attacks on cards that compare first are public): spend a
    /// try, commit it, compare, and only then give the try back on a match. Power cut before the
    /// commit: the comparison never ran. After it: the try is already spent.
    /// 6A88 no such reference data; 6983 blocked; 6581 when the spent try cannot be committed.
    func checkReferenceData(_ candidate: [UInt8], against reference: UInt8) throws(StatusWord) -> Bool {
        guard let pin = state.pins[reference] else { throw .referencedDataNotFound }
        guard !pin.isBlocked else { throw .authenticationMethodBlocked }
        state.pins[reference]?.remainingTries = pin.remainingTries - 1
        try persist()
        guard SecureBytes.equal(candidate, pin.value) else {
            session.verifiedPins.remove(reference)
            return false
        }
        state.pins[reference]?.remainingTries = pin.maxTries
        session.verifiedPins.insert(reference)
        return true
    }

    /// 63Cx with the tries left on `reference` after a failed comparison.
    func failedCheck(_ reference: UInt8) -> CardResponse {
        CardResponse(status: .triesRemaining(state.pins[reference]?.remainingTries ?? 0))
    }
}
