/// TPM2_DictionaryAttackLockReset (Part 3 §25.2): with lockoutAuth, forgets every counted
/// authorization failure.
public enum DictionaryAttackLockReset: TPMCommandDescription {
    public static let code = TPMCommandCode.dictionaryAttackLockReset
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.lockout])]
    public static let attributes: TPMCommandAttributes = [.writesNV]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
