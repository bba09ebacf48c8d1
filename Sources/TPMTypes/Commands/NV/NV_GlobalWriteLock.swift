/// TPM2_NV_GlobalWriteLock (Part 3 §31.12): write-locks every index with globalLock SET.
public enum NV_GlobalWriteLock: TPMCommandDescription {
    public static let code = TPMCommandCode.nvGlobalWriteLock
    public static let handles: [TPMHandleSlot] = [.provision(.user)]
    public static let attributes: TPMCommandAttributes = [.writesNV]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
