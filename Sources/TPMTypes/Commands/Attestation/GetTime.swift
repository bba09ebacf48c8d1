/// TPM2_GetTime (Part 3 §18.7): Time and Clock, signed (TPMS_TIME_ATTEST_INFO), with the privacy
/// administrator's (endorsement) authorization.
public enum GetTime: TPMCommandDescription {
    public static let code = TPMCommandCode.getTime
    public static let handles: [TPMHandleSlot] = [
        .oneOf(.user, [TPMRH.endorsement]), TPMHandleSlot(.user, HandleTypes.objectOrNull, permanent: [TPMRH.null]),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public typealias Parameters = TPMAttestationRequest
    public typealias Response = TPMSignedAttestation
}
