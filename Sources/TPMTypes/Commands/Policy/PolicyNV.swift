/// TPM2_PolicyNV (Part 3 §23.9): the policy holds while an NV index's contents compare so with operandB.
public enum PolicyNV: TPMCommandDescription {
    public static let code = TPMCommandCode.policyNV
    public static let handles: [TPMHandleSlot] = [
        .nvAuth(.user), .nvIndex(.none), TPMHandleSlot(.none, HandleTypes.policySession),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public typealias Parameters = TPMComparison

    public typealias Response = TPMNoParameters
}
