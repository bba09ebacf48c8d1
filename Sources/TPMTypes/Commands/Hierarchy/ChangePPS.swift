/// TPM2_ChangePPS (Part 3 §24.4): a new Platform Primary Seed.
public enum ChangePPS: TPMCommandDescription {
    public static let code = TPMCommandCode.changePPS
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.platform])]
    public static let attributes: TPMCommandAttributes = [.writesNV, .extensive]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
