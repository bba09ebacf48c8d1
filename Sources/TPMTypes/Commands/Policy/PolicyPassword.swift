/// TPM2_PolicyPassword (Part 3 §23.18): the authorized entity's authValue is given in clear.
public enum PolicyPassword: TPMCommandDescription {
    public static let code = TPMCommandCode.policyPassword
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
