import TPMTypes
import TrustCrypto

/// TPM2_Sign (Part 3 §20.2): signs a digest. A restricted key signs only digests the TPM
/// hashed itself (a valid hashcheck ticket), so it cannot be made to sign a forged
/// TPM-generated structure.
///
/// Response codes: TPM_RC_KEY (not a signing key: handle 1), TPM_RC_ATTRIBUTES (an x509sign
/// key: handle 1), TPM_RC_SCHEME (parameter 2),
/// TPM_RC_SIZE (digest size does not match the scheme's hash: parameter 1), TPM_RC_TICKET
/// (restricted key without a valid ticket: parameter 3), TPM_RC_VALUE (an ECDAA scheme whose
/// count names no unused commitment: TPM2_Commit's r serves one signature).
extension Sign: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let key = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        guard key.attributes.contains(.sign), key.sensitive != nil else { throw TPMError(.key, .handle(1)) }
        // A key for X.509 certificates (TPM2_CertifyX509) signs nothing else.
        guard !key.attributes.contains(.x509sign) else { throw TPMError(.attributes, .handle(1)) }
        let scheme = try TPMError.attributing(parameter(\.inScheme)) { () throws(TPMError) in
            try SignatureSchemes.resolve(key: key, requested: input.inScheme)
        }
        guard let hash = tpm.admittedHash(scheme.hash) else { throw TPMError(.hash, parameter(\.inScheme)) }
        guard input.digest.count == hash.digestSize else { throw TPMError(.size, parameter(\.digest)) }
        if key.attributes.contains(.restricted) {
            let expected = Tickets.hashCheck(
                hierarchy: input.validation.hierarchy, digest: input.digest,
                hash: hash, tpm: tpm)
            guard input.validation.tag == TPMStructureTag.hashcheck, input.validation.hierarchy != TPMRH.null,
                SecureBytes.equal(expected.digest, input.validation.digest)
            else { throw TPMError(.ticket, parameter(\.validation)) }
        }
        return Response(signature: try SignatureSchemes.sign(digest: input.digest, key: key, scheme: scheme, on: tpm))
    }
}
