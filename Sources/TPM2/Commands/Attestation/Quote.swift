import TPMTypes
import TrustCrypto

/// TPM2_Quote (Part 3 §18.4): a signed digest of the selected PCRs, hashed with the signing
/// scheme's hash, with the caller's nonce (qualifyingData).
///
/// Response codes: TPM_RC_KEY (not a signing key: handle 1), TPM_RC_SCHEME (parameter 2),
/// TPM_RC_HASH (parameter 2), TPM_RC_VALUE (handle 1 not an object).
struct Quote: TPMCommand {
    static let code = TPMCommandCode.quote
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var signHandle: TPMHandle
        var qualifyingData: [UInt8]
        var scheme: TPMScheme
        var selection: TPMPCRSelectionList
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let (data, scheme) = try Attestation.readRequest(&parameters)
        return Input(signHandle: handles[0], qualifyingData: data, scheme: scheme, selection: try parameters.parameter(3))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> AttestationOutput {
        let signer = Attestation.Signer(handle: input.signHandle, handleNumber: 1, scheme: input.scheme, schemeParameter: 2)
        // handleTypes admits objects only, so there is always a key.
        guard let signing = try signer.resolve(on: tpm) else { throw TPMError(.value, .handle(1)) }
        let selection = tpm.pcrs.filter(input.selection)
        // The PCR digest uses the signing scheme's hash.
        let digest = tpm.pcrs.digest(selection, hash: signing.hash)
        let (attest, signature) = try Attestation.sign(type: TPMStructureTag.attestQuote, signing: signing,
                                                       qualifyingData: input.qualifyingData, tpm: tpm) { w in
            w.write(selection)
            w.writeSized(digest)
        }
        return AttestationOutput(attest: attest, signature: signature)
    }
}
