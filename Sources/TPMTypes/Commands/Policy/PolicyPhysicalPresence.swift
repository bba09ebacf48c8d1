/// TPM2_PolicyPhysicalPresence (Part 3 §23.12): physical presence must be asserted.
public enum PolicyPhysicalPresence: TPMCommandDescription {
    public static let code = TPMCommandCode.policyPhysicalPresence
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
