/// TPM2_PolicyAuthValue (Part 3 §23.17): the authorized entity's authValue is checked by an HMAC.
public enum PolicyAuthValue: TPMCommandDescription {
    public static let code = TPMCommandCode.policyAuthValue
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
