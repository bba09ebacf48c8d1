import TPMTypes

/// The dispatch table: command code → the file that implements it (Part 3 names). Each
/// group lists its commands in its own file, beside the commands themselves.
enum CommandTable {
    static let entries: [TPMCommandCode: CommandEntry] = {
        let all = coreCommands + storageCommands + cryptoCommands + attestationCommands + auditCommandEntries + policyCommands
        return Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })
    }()

    static let codesByName: [String: TPMCommandCode] = Dictionary(uniqueKeysWithValues: entries.values.map { ($0.name, $0.code) })

    /// Start-up, testing, capability, randomness, PCRs, sessions, contexts, objects, signing.
    static let coreCommands: [CommandEntry] = [
        Startup.entry(name: "Startup"),
        Shutdown.entry(name: "Shutdown"),
        SelfTest.entry(name: "SelfTest"),
        IncrementalSelfTest.entry(name: "IncrementalSelfTest"),
        GetTestResult.entry(name: "GetTestResult"),
        GetCapability.entry(name: "GetCapability"),
        GetRandom.entry(name: "GetRandom"),
        StirRandom.entry(name: "StirRandom"),
        PCR_Read.entry(name: "PCR_Read"),
        PCR_Extend.entry(name: "PCR_Extend"),
        PCR_Event.entry(name: "PCR_Event"),
        PCR_Reset.entry(name: "PCR_Reset"),
        StartAuthSession.entry(name: "StartAuthSession"),
        ContextSave.entry(name: "ContextSave"),
        ContextLoad.entry(name: "ContextLoad"),
        FlushContext.entry(name: "FlushContext"),
        CreatePrimary.entry(name: "CreatePrimary"),
        Create.entry(name: "Create"),
        Load.entry(name: "Load"),
        ReadPublic.entry(name: "ReadPublic"),
        Sign.entry(name: "Sign"),
        VerifySignature.entry(name: "VerifySignature"),
        HashCommand.entry(name: "Hash"),
    ]
}
