import TPMTypes

extension CommandTable {
    /// NV, persistent objects, hierarchies, dictionary attack, clock.
    static let storageCommands: [CommandEntry] = [
        NV_DefineSpace.entry(name: "NV_DefineSpace"),
        NV_UndefineSpace.entry(name: "NV_UndefineSpace"),
        NV_UndefineSpaceSpecial.entry(name: "NV_UndefineSpaceSpecial"),
        NV_ReadPublic.entry(name: "NV_ReadPublic"),
        NV_Write.entry(name: "NV_Write"),
        NV_Read.entry(name: "NV_Read"),
        NV_Increment.entry(name: "NV_Increment"),
        NV_Extend.entry(name: "NV_Extend"),
        NV_SetBits.entry(name: "NV_SetBits"),
        NV_WriteLock.entry(name: "NV_WriteLock"),
        NV_ReadLock.entry(name: "NV_ReadLock"),
        NV_GlobalWriteLock.entry(name: "NV_GlobalWriteLock"),
        NV_ChangeAuth.entry(name: "NV_ChangeAuth"),
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
