/// TPM2_NV_Increment (Part 3 §31.8): adds one to a counter index.
public enum NV_Increment: TPMCommandDescription {
    public static let code = TPMCommandCode.nvIncrement
    public static let handles: [TPMHandleSlot] = [.nvAuth(.user), .nvIndex(.none)]
    public static let attributes: TPMCommandAttributes = [.writesNV]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
