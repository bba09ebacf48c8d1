/// TPM2_PolicyAuthorizeNV (Part 3 §23.22): the policy is the one an NV index holds.
public enum PolicyAuthorizeNV: TPMCommandDescription {
    public static let code = TPMCommandCode.policyAuthorizeNV
    public static let handles: [TPMHandleSlot] = [
        .nvAuth(.user), .nvIndex(.none), TPMHandleSlot(.none, HandleTypes.policySession),
    ]
    public typealias Parameters = TPMNoParameters
    public typealias Response = TPMNoParameters
}
