import TPMTypes

extension CommandTable {
    /// Attestation: signed statements about PCRs, objects, NV and time.
    static let attestationCommands: [CommandEntry] = [
        Quote.entry(name: "Quote"),
        Certify.entry(name: "Certify"),
        CertifyCreation.entry(name: "CertifyCreation"),
        GetTime.entry(name: "GetTime"),
        NV_Certify.entry(name: "NV_Certify"),
        CertifyX509.entry(name: "CertifyX509"),
    ]
}

extension CommandTable {
    /// Command and session audit, and the platform's settings: the physical-presence list and
    /// the algorithm set (Part 3 §26).
    static let auditCommandEntries: [CommandEntry] = [
        SetCommandCodeAuditStatus.entry(name: "SetCommandCodeAuditStatus"),
        GetCommandAuditDigest.entry(name: "GetCommandAuditDigest"),
        GetSessionAuditDigest.entry(name: "GetSessionAuditDigest"),
        PP_Commands.entry(name: "PP_Commands"),
        SetAlgorithmSet.entry(name: "SetAlgorithmSet"),
    ]
}
