import TPMTypes
import TrustCrypto

/// TPM2_NV_Certify (Part 3 §31.16): a signed copy of part of an index's data (TPMS_NV_CERTIFY_INFO),
/// or with size and offset both 0 a digest of all of it (TPMS_NV_DIGEST_CERTIFY_INFO, 1.59).
/// Read access is checked as for NV_Read.
///
/// Response codes: as NV_Read (TPM_RC_NV_AUTHORIZATION, _LOCKED, _UNINITIALIZED, _RANGE,
/// TPM_RC_VALUE for size or offset: parameters 3 and 4), TPM_RC_KEY (handle 1),
/// TPM_RC_SCHEME (parameter 2).
extension NV_Certify: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let index = try tpm.nvIndex(handles[2])
        try TPMEngineState.checkNVReadAccess(auth: handles[1], index: index)
        let dataSize = Int(index.publicArea.dataSize)
        let wholeDigest = input.size == 0 && input.offset == 0
        if !wholeDigest {
            guard Int(input.size) <= tpm.config.profile.maxNVBufferSize else {
                throw TPMError(.value, parameter(\.size))
            }
            guard Int(input.offset) <= dataSize else { throw TPMError(.value, parameter(\.offset)) }
            guard Int(input.size) <= dataSize - Int(input.offset) else { throw TPMError(.nvRange) }
        }
        let signer = Attestation.Signer(handle: handles[0], handleNumber: 1, scheme: input.inScheme, schemeParameter: 2)
        let signing = try signer.resolve(on: tpm)
        // The digest form hashes with the signing scheme's hash (SHA-256 when unsigned).
        let digestHash = signing?.hash ?? .sha256
        let type = wholeDigest ? TPMStructureTag.attestNVDigest : TPMStructureTag.attestNV
        let (attest, signature) = try Attestation.sign(
            type: type, signing: signing, qualifyingData: input.qualifyingData, tpm: tpm
        ) { w in
            w.writeSized(index.publicArea.name)
            if wholeDigest {
                w.writeSized(EngineCrypto.digest(digestHash, index.data))
            } else {
                w.write(input.offset)
                w.writeSized(Array(index.data[Int(input.offset)..<Int(input.offset) + Int(input.size)]))
            }
        }
        return Response(attest: attest, signature: signature)
    }
}
