/// TPM2_PCR_Reset (Part 3 §22.8): a resettable PCR back to its reset value.
public enum PCR_Reset: TPMCommandDescription {
    public static let code = TPMCommandCode.pcrReset
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.pcr)]
    public static let attributes: TPMCommandAttributes = [.writesNV]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
