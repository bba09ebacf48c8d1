/// TPM2_GetCommandAuditDigest (Part 3 §18.5): the command audit digest and the audited commands' digest,
/// signed; the audit digest starts over.
public enum GetCommandAuditDigest: TPMCommandDescription {
    public static let code = TPMCommandCode.getCommandAuditDigest
    public static let handles: [TPMHandleSlot] = [
        .oneOf(.user, [TPMRH.endorsement]), TPMHandleSlot(.user, HandleTypes.objectOrNull, permanent: [TPMRH.null]),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse, .writesNV]

    public typealias Parameters = TPMAttestationRequest
    public typealias Response = TPMSignedAttestation
}
