/// TPM2_PolicyRestart (Part 3 §11.2): the session's policy starts over.
public enum PolicyRestart: TPMCommandDescription {
    public static let code = TPMCommandCode.policyRestart
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
