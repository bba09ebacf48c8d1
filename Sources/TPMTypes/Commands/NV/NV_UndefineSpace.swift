/// TPM2_NV_UndefineSpace (Part 3 §31.4): removes an index, authorized by the hierarchy that
/// created it.
public enum NV_UndefineSpace: TPMCommandDescription {
    public static let code = TPMCommandCode.nvUndefineSpace
    public static let handles: [TPMHandleSlot] = [.provision(.user), .nvIndex(.none)]
    public static let attributes: TPMCommandAttributes = [.writesNV]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
