import TPMTypes

/// TPM2_PolicySecret (Part 3 §23.4): the caller proves knowledge of authHandle's
/// authorization (checked by the dispatcher, USER role) and the policy records it.
/// policyDigest_new = H(H(policyDigest_old || TPM_CC_PolicySecret || authName) || policyRef).
/// A negative expiration in a policy session also returns a timeout and a
/// TPM_ST_AUTH_SECRET ticket that PolicyTicket accepts in place of the secret.
///
/// Response codes: TPM_RC_NONCE (nonceTPM is not the session's: parameter 1), TPM_RC_SIZE
/// (cpHashA is not the session's digest size: parameter 2), TPM_RC_CPHASH (a different
/// cpHash is set), TPM_RC_EXPIRED (the expiration has passed: parameter 4), TPM_RC_VALUE
/// (handle 2 is not a policy session). A trial session skips the checks.
struct PolicySecret: TPMCommand {
    static let code = TPMCommandCode.policySecret
    static let handles: [AuthRole] = [.user, .none]
    static let handleTypes = [HandleTypes.entity, HandleTypes.policySession]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var authHandle: TPMHandle
        var session: TPMHandle
        var nonceTPM: [UInt8]
        var cpHashA: [UInt8]
        var policyRef: [UInt8]
        var expiration: Int32
    }

    struct Output: TPMCommandOutput {
        var timeout: [UInt8]
        var policyTicket: TPMTicket
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeSized(timeout)
            writer.write(policyTicket)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(authHandle: handles[0], session: handles[1],
              nonceTPM: try parameters.sizedParameter(1, max: TPMLimits.maxDigest),
              cpHashA: try parameters.sizedParameter(2, max: TPMLimits.maxDigest),
              policyRef: try parameters.sizedParameter(3, max: TPMLimits.maxDigest),
              expiration: Int32(bitPattern: try parameters.integerParameter(4, UInt32.self)))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let session = try tpm.policySession(input.session, number: 2)
        var timeout: UInt64 = 0
        if !session.isTrial {
            timeout = PolicyGrant.timeout(expiration: input.expiration, nonceTPM: input.nonceTPM, session: session, tpm: tpm)
            try PolicyGrant.check(session: session, timeout: timeout, cpHashA: input.cpHashA, nonceTPM: input.nonceTPM, tpm: tpm,
                                  nonce: .parameter(1), cpHash: .parameter(2), expiration: .parameter(4))
        }
        let name = try tpm.name(of: input.authHandle)
        PolicyGrant.update(session: session, code: code, name: name, policyRef: input.policyRef, cpHashA: input.cpHashA, timeout: timeout)
        let out = PolicyGrant.output(tag: TPMStructureTag.authSecret, expiration: input.expiration, timeout: timeout, session: session,
                                     hierarchy: tpm.hierarchy(of: input.authHandle), nonceTPM: input.nonceTPM, cpHashA: input.cpHashA,
                                     policyRef: input.policyRef, name: name, tpm: tpm)
        return Output(timeout: out.timeout, policyTicket: out.ticket)
    }
}
