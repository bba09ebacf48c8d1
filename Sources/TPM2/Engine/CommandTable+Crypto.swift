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
        RSA_Encrypt.entry(name: "RSA_Encrypt"),
        RSA_Decrypt.entry(name: "RSA_Decrypt"),
        ECDH_KeyGen.entry(name: "ECDH_KeyGen"),
        ECDH_ZGen.entry(name: "ECDH_ZGen"),
        EC_Ephemeral.entry(name: "EC_Ephemeral"),
        ZGen_2Phase.entry(name: "ZGen_2Phase"),
        Commit.entry(name: "Commit"),
        ECC_Parameters.entry(name: "ECC_Parameters"),
        ECC_Encrypt.entry(name: "ECC_Encrypt"),
        ECC_Decrypt.entry(name: "ECC_Decrypt"),
        EncryptDecrypt.entry(name: "EncryptDecrypt"),
        EncryptDecrypt2.entry(name: "EncryptDecrypt2"),
        Unseal.entry(),
        CreateLoaded.entry(name: "CreateLoaded"),
        LoadExternal.entry(),
        ObjectChangeAuth.entry(name: "ObjectChangeAuth"),
        TestParms.entry(name: "TestParms"),
        // Credentials and duplication
        MakeCredential.entry(name: "MakeCredential"),
        ActivateCredential.entry(name: "ActivateCredential"),
        Duplicate.entry(name: "Duplicate"),
        Import.entry(name: "Import"),
        Rewrap.entry(name: "Rewrap"),
    ]
}
