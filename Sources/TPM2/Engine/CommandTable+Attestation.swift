extension CommandTable {
    /// Attestation: signed statements about PCRs, objects, NV and time.
    static let attestationCommands: [CommandEntry] = [
        Quote.entry(name: "Quote"),
        Certify.entry(name: "Certify"),
        CertifyCreation.entry(name: "CertifyCreation"),
        GetTime.entry(name: "GetTime"),
        NV_Certify.entry(name: "NV_Certify"),
    ]
}
