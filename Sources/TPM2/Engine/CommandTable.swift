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
        Startup.entry(),
        Shutdown.entry(),
        SelfTest.entry(),
        IncrementalSelfTest.entry(),
        GetTestResult.entry(),
        GetCapability.entry(),
        GetRandom.entry(),
        StirRandom.entry(),
        PCR_Read.entry(),
        PCR_Extend.entry(),
        PCR_Event.entry(),
        PCR_Reset.entry(),
        StartAuthSession.entry(),
        ContextSave.entry(),
        ContextLoad.entry(),
        FlushContext.entry(),
        CreatePrimary.entry(),
        Create.entry(),
        Load.entry(),
        ReadPublic.entry(),
        Sign.entry(),
        VerifySignature.entry(),
        HashCommand.entry(),
    ]
}
