import TPMTypes

extension CommandTable {
    /// NV, persistent objects, hierarchies, dictionary attack, clock.
    static let storageCommands: [CommandEntry] = [
        NV_DefineSpace.entry(),
        NV_UndefineSpace.entry(),
        NV_UndefineSpaceSpecial.entry(),
        NV_ReadPublic.entry(),
        NV_Write.entry(),
        NV_Read.entry(),
        NV_Increment.entry(),
        NV_Extend.entry(),
        NV_SetBits.entry(),
        NV_WriteLock.entry(),
        NV_ReadLock.entry(),
        NV_GlobalWriteLock.entry(),
        NV_ChangeAuth.entry(),
        EvictControl.entry(),
        HierarchyChangeAuth.entry(),
        SetPrimaryPolicy.entry(),
        HierarchyControl.entry(),
        Clear.entry(),
        ClearControl.entry(),
        ChangeEPS.entry(),
        ChangePPS.entry(),
        DictionaryAttackLockReset.entry(),
        DictionaryAttackParameters.entry(),
        ReadClock.entry(),
        ClockSet.entry(),
        ClockRateAdjust.entry(),
        PCR_Allocate.entry(name: "PCR_Allocate"),
        PCR_SetAuthValue.entry(),
        PCR_SetAuthPolicy.entry(),
    ]
}
