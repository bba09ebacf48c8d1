import TPMTypes

extension CommandTable {
    /// Enhanced authorization: the policy commands that build a session's policyDigest.
    static let policyCommands: [CommandEntry] = [
        PolicyRestart.entry(),
        PolicyGetDigest.entry(),
        PolicyPCR.entry(),
        PolicyPassword.entry(),
        PolicyAuthValue.entry(),
        PolicyCommandCode.entry(),
        PolicyOR.entry(),
        PolicyLocality.entry(),
        PolicyCpHash.entry(),
        PolicyNameHash.entry(),
        PolicyPhysicalPresence.entry(),
        PolicyNvWritten.entry(),
        PolicySecret.entry(),
        PolicySigned.entry(),
        PolicyTicket.entry(),
        PolicyAuthorize.entry(),
        PolicyNV.entry(),
        PolicyCounterTimer.entry(),
        PolicyTemplate.entry(),
        PolicyDuplicationSelect.entry(),
        PolicyAuthorizeNV.entry(),
    ]
}
