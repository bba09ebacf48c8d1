/// TPM2_NV_ReadLock (Part 3 §31.14): locks a readSTClear index against reads until the next
/// TPM2_Startup(CLEAR).
public enum NV_ReadLock: TPMCommandDescription {
    public static let code = TPMCommandCode.nvReadLock
    public static let handles: [TPMHandleSlot] = [.nvAuth(.user), .nvIndex(.none)]
    public static let attributes: TPMCommandAttributes = [.writesNV]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
