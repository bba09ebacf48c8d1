/// TPM2_ChangeEPS (Part 3 §24.5): a new Endorsement Primary Seed.
public enum ChangeEPS: TPMCommandDescription {
    public static let code = TPMCommandCode.changeEPS
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.platform])]
    public static let attributes: TPMCommandAttributes = [.writesNV, .extensive]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
