import TrustCrypto

/// What every policy command shares (Part 3 §23.1): the session it names and the way it
/// extends that session's policyDigest.
extension AuthSession {
    /// A trial session records assertions without checking them (Part 1 §19.7.?).
    var isTrial: Bool { type == .trial }

    /// policyDigest_new = H(policyDigest_old || commandCode || fields…) in the session's hash.
    func extendPolicy(_ code: TPMCommandCode, _ fields: [UInt8]...) {
        var writer = TPMWriter()
        writer.write(bytes: policyDigest)
        writer.write(code)
        for field in fields { writer.write(bytes: field) }
        policyDigest = Hash.digest(hash, writer.bytes)
    }

    /// Back to the state StartAuthSession left: a zero digest and no assertions
    /// (PolicyRestart, and a policy session that authorized a command and continues).
    func restartPolicy() {
        policyDigest = [UInt8](repeating: 0, count: hash.digestSize)
        policy = PolicyState()
    }
}

extension TPMEngineState {
    /// The policy or trial session a policy command names as handle 1; the dispatcher has
    /// already refused other handle types (TPMI_SH_POLICY) and sessions not loaded.
    func policySession(_ handle: TPMHandle) throws(TPMError) -> AuthSession {
        guard let session = sessions[handle], session.type != .hmac, !session.isSaved else {
            throw TPMError(.value, .handle(1))
        }
        return session
    }
}
