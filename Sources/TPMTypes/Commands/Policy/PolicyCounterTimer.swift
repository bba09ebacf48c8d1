/// TPM2_PolicyCounterTimer (Part 3 §23.10): the policy holds while TPMS_TIME_INFO compares so with operandB.
public enum PolicyCounterTimer: TPMCommandDescription {
    public static let code = TPMCommandCode.policyCounterTimer
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public typealias Parameters = TPMComparison

    public typealias Response = TPMNoParameters
}
