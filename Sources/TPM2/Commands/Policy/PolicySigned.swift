import TPMTypes
import TrustCrypto

/// TPM2_PolicySigned (Part 3 §23.3): authObject's key signed
/// aHash = H(nonceTPM || expiration || cpHashA || policyRef) in the signature's hash.
/// policyDigest_new = H(H(policyDigest_old || TPM_CC_PolicySigned || authObject Name) || policyRef).
/// A negative expiration in a policy session also returns a timeout and a
/// TPM_ST_AUTH_SIGNED ticket for PolicyTicket.
///
/// Response codes: TPM_RC_TYPE (authObject is not a signing key: handle 1), TPM_RC_NONCE
/// (parameter 1), TPM_RC_SIZE (cpHashA: parameter 2), TPM_RC_CPHASH, TPM_RC_EXPIRED
/// (parameter 4), TPM_RC_SCHEME, TPM_RC_HASH or TPM_RC_SIGNATURE (auth: parameter 5),
/// TPM_RC_VALUE (handle 2 is not a policy session). A trial session checks only the key type.
extension PolicySigned: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let key = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        guard key.attributes.contains(.sign) else { throw TPMError(.type, .handle(1)) }
        let session = try tpm.policySession(handles[1], number: 2)
        var timeout: UInt64 = 0
        if !session.isTrial {
            timeout = PolicyGrant.timeout(
                expiration: input.expiration, nonceTPM: input.nonceTPM, session: session, tpm: tpm)
            try PolicyGrant.check(
                session: session, timeout: timeout, cpHashA: input.cpHashA, nonceTPM: input.nonceTPM, tpm: tpm,
                nonce: parameter(\.nonceTPM), cpHash: parameter(\.cpHashA), expiration: parameter(\.expiration))
            // A signature without a hash (NULL) has nothing to verify with.
            guard input.auth.hash != .null else { throw TPMError(.scheme, parameter(\.auth)) }
            guard let hash = tpm.admittedHash(input.auth.hash) else { throw TPMError(.hash, parameter(\.auth)) }
            var w = TPMWriter()
            w.write(bytes: input.nonceTPM)
            w.write(UInt32(bitPattern: input.expiration))
            w.write(bytes: input.cpHashA)
            w.write(bytes: input.policyRef)
            let aHash = EngineCrypto.digest(hash, w.bytes)
            let valid = try TPMError.attributing(parameter(\.auth)) { () throws(TPMError) in
                try SignatureSchemes.verify(input.auth, digest: aHash, key: key, on: tpm)
            }
            guard valid else { throw TPMError(.signature, parameter(\.auth)) }
        }
        PolicyGrant.update(
            session: session, code: code, name: key.name, policyRef: input.policyRef, cpHashA: input.cpHashA,
            timeout: timeout)
        let out = PolicyGrant.output(
            tag: TPMStructureTag.authSigned, expiration: input.expiration, timeout: timeout, session: session,
            hierarchy: key.hierarchy, nonceTPM: input.nonceTPM, cpHashA: input.cpHashA,
            policyRef: input.policyRef, name: key.name, tpm: tpm)
        return Response(timeout: out.timeout, policyTicket: out.ticket)
    }
}
