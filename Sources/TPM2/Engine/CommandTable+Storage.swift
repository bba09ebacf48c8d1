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
        EvictControl.entry(name: "EvictControl"),
        HierarchyChangeAuth.entry(name: "HierarchyChangeAuth"),
        SetPrimaryPolicy.entry(name: "SetPrimaryPolicy"),
        HierarchyControl.entry(name: "HierarchyControl"),
        Clear.entry(name: "Clear"),
        ClearControl.entry(name: "ClearControl"),
        ChangeEPS.entry(name: "ChangeEPS"),
        ChangePPS.entry(name: "ChangePPS"),
        DictionaryAttackLockReset.entry(name: "DictionaryAttackLockReset"),
        DictionaryAttackParameters.entry(name: "DictionaryAttackParameters"),
        ReadClock.entry(name: "ReadClock"),
        ClockSet.entry(name: "ClockSet"),
        ClockRateAdjust.entry(name: "ClockRateAdjust"),
        PCR_Allocate.entry(name: "PCR_Allocate"),
        PCR_SetAuthValue.entry(name: "PCR_SetAuthValue"),
        PCR_SetAuthPolicy.entry(name: "PCR_SetAuthPolicy"),
    ]
}
