/// TPM2_NV_WriteLock (Part 3 §31.11): locks an index against writes until the next
/// TPM2_Startup(CLEAR) (writeSTClear) or for good (writeDefine).
public enum NV_WriteLock: TPMCommandDescription {
    public static let code = TPMCommandCode.nvWriteLock
    public static let handles: [TPMHandleSlot] = [.nvAuth(.user), .nvIndex(.none)]
    public static let attributes: TPMCommandAttributes = [.writesNV]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
