/// TPM2_Certify (Part 3 §18.2): that an object is loaded in this TPM, signed (TPMS_CERTIFY_INFO).
public enum Certify: TPMCommandDescription {
    public static let code = TPMCommandCode.certify
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.admin, HandleTypes.object),
        TPMHandleSlot(.user, HandleTypes.objectOrNull, permanent: [TPMRH.null]),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public typealias Parameters = TPMAttestationRequest
    public typealias Response = TPMSignedAttestation
}
