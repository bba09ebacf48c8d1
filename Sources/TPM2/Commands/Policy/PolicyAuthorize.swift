import TPMTypes
import TrustCrypto

/// TPM2_PolicyAuthorize (Part 3 §23.16): the current policyDigest is one the owner of keySign
/// approved, proven by a TPM_ST_VERIFIED ticket from VerifySignature over
/// aHash = H(approvedPolicy || policyRef) in keySign's Name algorithm. The digest is then
/// replaced: policyDigest_new = H(H(zeros || TPM_CC_PolicyAuthorize || keySign) || policyRef).
///
/// Response codes: TPM_RC_HASH (keySign's Name algorithm is not a hash: parameter 3),
/// TPM_RC_SIZE (keySign is not that hash's Name size: parameter 3; both checked in a trial
/// session too), TPM_RC_VALUE
/// (approvedPolicy is not the session's digest: parameter 1; the ticket does not match:
/// parameter 4; handle 1 is not a policy session), TPM_RC_TAG (not a verified ticket:
/// parameter 4). A trial session skips the digest and ticket checks.
extension PolicyAuthorize: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        // keySign is checked even in a trial session: its hash says how long it must be.
        guard input.keySign.count >= 2 else { throw TPMError(.size, parameter(\.keySign)) }
        guard
            let hash = tpm.admittedHash(
                TPMAlgorithm(rawValue: UInt16(input.keySign[0]) << 8 | UInt16(input.keySign[1])))
        else {
            throw TPMError(.hash, parameter(\.keySign))
        }
        guard input.keySign.count - 2 == hash.digestSize else { throw TPMError(.size, parameter(\.keySign)) }
        if !session.isTrial {
            guard SecureBytes.equal(input.approvedPolicy, session.policyDigest) else {
                throw TPMError(.value, parameter(\.approvedPolicy))
            }
            let aHash = EngineCrypto.digest(hash, input.approvedPolicy + input.policyRef)
            // A NULL ticket proves nothing.
            guard input.checkTicket.hierarchy != TPMRH.null else { throw TPMError(.value, parameter(\.checkTicket)) }
            let expected = Tickets.verified(
                hierarchy: input.checkTicket.hierarchy, digest: aHash, keyName: input.keySign, hash: hash, tpm: tpm)
            guard SecureBytes.equal(expected.digest, input.checkTicket.digest) else {
                throw TPMError(.value, parameter(\.checkTicket))
            }
        }
        session.policyDigest = [UInt8](repeating: 0, count: session.hash.digestSize)
        session.extendPolicy(code, name: input.keySign, policyRef: input.policyRef)
        return Response()
    }
}
