/// TPM2_HMAC_Start (Part 3 §17.2): starts an HMAC sequence under a keyed-hash key.
public enum HMAC_Start: TPMCommandDescription {
    public static let code = TPMCommandCode.hmacStart
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]
    public typealias Parameters = TPMSequenceStartParameters
    public typealias Response = TPMSequenceStarted
}
