/// TPM2_HashSequenceStart (Part 3 §17.3): starts a hash sequence, or an event sequence
/// (TPM_ALG_NULL) that extends every PCR bank.
public enum HashSequenceStart: TPMCommandDescription {
    public static let code = TPMCommandCode.hashSequenceStart
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]
    public typealias Parameters = TPMSequenceStartParameters
    public typealias Response = TPMSequenceStarted
}
