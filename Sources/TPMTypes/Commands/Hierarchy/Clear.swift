/// TPM2_Clear (Part 3 §24.6): removes the owner's and endorsement's objects and NV and new
/// storage seed and proofs.
public enum Clear: TPMCommandDescription {
    public static let code = TPMCommandCode.clear
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.lockout, TPMRH.platform])]
    public static let attributes: TPMCommandAttributes = [.writesNV, .extensive]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
