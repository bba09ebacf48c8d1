/// TPM2_NV_UndefineSpaceSpecial (Part 3 §31.5): removes a policyDelete index, with both the
/// index's policy (ADMIN role) and platform authorization.
public enum NV_UndefineSpaceSpecial: TPMCommandDescription {
    public static let code = TPMCommandCode.nvUndefineSpaceSpecial
    public static let handles: [TPMHandleSlot] = [.nvIndex(.admin), .oneOf(.user, [TPMRH.platform])]
    public static let attributes: TPMCommandAttributes = [.writesNV]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
