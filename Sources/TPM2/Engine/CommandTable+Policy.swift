import TPMTypes

extension CommandTable {
    /// Enhanced authorization: the policy commands that build a session's policyDigest.
    static let policyCommands: [CommandEntry] = [
        PolicyRestart.entry(name: "PolicyRestart"),
        PolicyGetDigest.entry(name: "PolicyGetDigest"),
        PolicyPCR.entry(name: "PolicyPCR"),
        PolicyPassword.entry(name: "PolicyPassword"),
        PolicyAuthValue.entry(name: "PolicyAuthValue"),
        PolicyCommandCode.entry(name: "PolicyCommandCode"),
        PolicyOR.entry(name: "PolicyOR"),
        PolicyLocality.entry(name: "PolicyLocality"),
        PolicyCpHash.entry(name: "PolicyCpHash"),
        PolicyNameHash.entry(name: "PolicyNameHash"),
        PolicyPhysicalPresence.entry(name: "PolicyPhysicalPresence"),
        PolicyNvWritten.entry(name: "PolicyNvWritten"),
        PolicySecret.entry(name: "PolicySecret"),
        PolicySigned.entry(name: "PolicySigned"),
        PolicyTicket.entry(name: "PolicyTicket"),
        PolicyAuthorize.entry(name: "PolicyAuthorize"),
        PolicyNV.entry(name: "PolicyNV"),
        PolicyCounterTimer.entry(name: "PolicyCounterTimer"),
        PolicyTemplate.entry(name: "PolicyTemplate"),
        PolicyDuplicationSelect.entry(name: "PolicyDuplicationSelect"),
        PolicyAuthorizeNV.entry(name: "PolicyAuthorizeNV"),
    ]
}
