/// Every command this package describes: the one list a new command joins. The engine's
/// dispatch table is built from it (each description with its body), and a client that sends
/// a command by code alone learns from it whether the response has a handle.
public enum TPMCommands {
    public static let all: [any TPMCommandDescription.Type] = [
        Startup.self, Shutdown.self, SelfTest.self, IncrementalSelfTest.self, GetTestResult.self, GetCapability.self,
        GetRandom.self, StirRandom.self, PCR_Read.self, PCR_Extend.self, PCR_Event.self, PCR_Reset.self,
        StartAuthSession.self, ContextSave.self, ContextLoad.self, FlushContext.self, CreatePrimary.self,
        Create.self, Load.self, ReadPublic.self, Sign.self, VerifySignature.self, HashCommand.self,
        NV_DefineSpace.self, NV_UndefineSpace.self, NV_UndefineSpaceSpecial.self, NV_ReadPublic.self, NV_Write.self,
        NV_Read.self, NV_Increment.self, NV_Extend.self, NV_SetBits.self, NV_WriteLock.self, NV_ReadLock.self,
        NV_GlobalWriteLock.self, NV_ChangeAuth.self, EvictControl.self, HierarchyChangeAuth.self,
        SetPrimaryPolicy.self, HierarchyControl.self, Clear.self, ClearControl.self, ChangeEPS.self, ChangePPS.self,
        DictionaryAttackLockReset.self, DictionaryAttackParameters.self, ReadClock.self, ClockSet.self,
        ClockRateAdjust.self, PCR_Allocate.self, PCR_SetAuthValue.self, PCR_SetAuthPolicy.self, HMACCommand.self,
        HMAC_Start.self, HashSequenceStart.self, SequenceUpdate.self, SequenceComplete.self,
        EventSequenceComplete.self, RSA_Encrypt.self, RSA_Decrypt.self, ECDH_KeyGen.self, ECDH_ZGen.self,
        EC_Ephemeral.self, ZGen_2Phase.self, Commit.self, ECC_Parameters.self, ECC_Encrypt.self, ECC_Decrypt.self,
        EncryptDecrypt.self, EncryptDecrypt2.self, Unseal.self, CreateLoaded.self, LoadExternal.self,
        ObjectChangeAuth.self, TestParms.self, MakeCredential.self, ActivateCredential.self, Duplicate.self,
        Import.self, Rewrap.self, Quote.self, Certify.self, CertifyCreation.self, GetTime.self, NV_Certify.self,
        CertifyX509.self, SetCommandCodeAuditStatus.self, GetCommandAuditDigest.self, GetSessionAuditDigest.self,
        PP_Commands.self, SetAlgorithmSet.self, PolicyRestart.self, PolicyGetDigest.self, PolicyPCR.self,
        PolicyPassword.self, PolicyAuthValue.self, PolicyCommandCode.self, PolicyOR.self, PolicyLocality.self,
        PolicyCpHash.self, PolicyNameHash.self, PolicyPhysicalPresence.self, PolicyNvWritten.self, PolicySecret.self,
        PolicySigned.self, PolicyTicket.self, PolicyAuthorize.self, PolicyNV.self, PolicyCounterTimer.self,
        PolicyTemplate.self, PolicyDuplicationSelect.self, PolicyAuthorizeNV.self,
    ]

    /// The descriptions by command code.
    public static let byCode: [TPMCommandCode: any TPMCommandDescription.Type] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.code, $0) })
}
