import TPMTypes

extension CommandTable {
    /// Symmetric and asymmetric primitives, HMAC and hash sequences, object utilities.
    static let cryptoCommands: [CommandEntry] = [
        HMACCommand.entry(),
        HMAC_Start.entry(),
        HashSequenceStart.entry(),
        SequenceUpdate.entry(),
        SequenceComplete.entry(),
        EventSequenceComplete.entry(),
        RSA_Encrypt.entry(),
        RSA_Decrypt.entry(),
        ECDH_KeyGen.entry(),
        ECDH_ZGen.entry(),
        EC_Ephemeral.entry(),
        ZGen_2Phase.entry(),
        Commit.entry(),
        ECC_Parameters.entry(),
        ECC_Encrypt.entry(),
        ECC_Decrypt.entry(),
        EncryptDecrypt.entry(name: "EncryptDecrypt"),
        EncryptDecrypt2.entry(name: "EncryptDecrypt2"),
        Unseal.entry(),
        CreateLoaded.entry(name: "CreateLoaded"),
        LoadExternal.entry(),
        ObjectChangeAuth.entry(),
        TestParms.entry(name: "TestParms"),
        // Credentials and duplication
        MakeCredential.entry(name: "MakeCredential"),
        ActivateCredential.entry(name: "ActivateCredential"),
        Duplicate.entry(name: "Duplicate"),
        Import.entry(name: "Import"),
        Rewrap.entry(name: "Rewrap"),
    ]
}
