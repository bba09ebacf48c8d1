/// TPM2_GetSessionAuditDigest (Part 3 §18.6): an audit session's digest, signed.
public enum GetSessionAuditDigest: TPMCommandDescription {
    public static let code = TPMCommandCode.getSessionAuditDigest
    public static let handles: [TPMHandleSlot] = [
        .oneOf(.user, [TPMRH.endorsement]), TPMHandleSlot(.user, HandleTypes.objectOrNull, permanent: [TPMRH.null]),
        TPMHandleSlot(.none, [.hmacSession]),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public typealias Parameters = TPMAttestationRequest
    public typealias Response = TPMSignedAttestation
}
