import TPMTypes

/// TPM2_PolicyAuthorizeNV (Part 3 §23.22): the current policyDigest is the one an NV index
/// holds (as a TPMT_HA in the session's hash), read as NV_Read would read it. The digest is
/// then replaced: policyDigest_new = H(zeros || TPM_CC_PolicyAuthorizeNV || nvIndex Name).
///
/// Response codes: TPM_RC_NV_AUTHORIZATION, TPM_RC_NV_LOCKED, TPM_RC_NV_UNINITIALIZED (read
/// access), TPM_RC_HASH (the index holds another hash algorithm, or none), TPM_RC_VALUE (the
/// digests differ; handle 3 is not a policy session). A trial session skips the read.
extension PolicyAuthorizeNV: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[2], number: 3)
        let index = try tpm.nvIndex(handles[1])
        if !session.isTrial {
            try TPMEngineState.checkNVReadAccess(auth: handles[0], index: index)
            // The index holds a TPMT_HA: hashAlg, then the digest.
            let stored = index.data
            guard stored.count >= 2 else { throw TPMError(.insufficient) }
            let algorithm = TPMAlgorithm(rawValue: UInt16(stored[0]) << 8 | UInt16(stored[1]))
            guard algorithm.hashAlgorithm != nil else { throw TPMError(.hash) }
            guard algorithm == session.hashID else { throw TPMError(.hash) }
            let digestSize = session.hash.digestSize
            guard stored.count >= 2 + digestSize else { throw TPMError(.insufficient) }
            guard Array(stored[2..<2 + digestSize]) == session.policyDigest else { throw TPMError(.value) }
        }
        session.policyDigest = [UInt8](repeating: 0, count: session.hash.digestSize)
        session.extendPolicy(code, index.publicArea.name)
        return Response()
    }
}
