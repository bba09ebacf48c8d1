import TPMTypes

/// TPM2_Certify (Part 3 §18.2): a signed statement that an object with this Name (and
/// qualified Name) is loaded in this TPM. The object is authorized in the ADMIN role. Under an
/// anonymous scheme the qualified Name is left empty: it would link the signer to its hierarchy.
///
/// Response codes: TPM_RC_KEY (not a signing key: handle 2), TPM_RC_SCHEME (parameter 2).
struct Certify: TPMCommand {
    static let code = TPMCommandCode.certify
    static let handles: [AuthRole] = [.admin, .user]
    static let handleTypes = [HandleTypes.object, HandleTypes.objectOrNull]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var object: TPMHandle
        var signHandle: TPMHandle
        var qualifyingData: [UInt8]
        var scheme: TPMScheme
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        try Attestation.checkSignHandle(handles[1], number: 2)
        let (data, scheme) = try Attestation.readRequest(&parameters)
        return Input(object: handles[0], signHandle: handles[1], qualifyingData: data, scheme: scheme)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> AttestationOutput {
        let object = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(input.object) }
        let signer = Attestation.Signer(handle: input.signHandle, handleNumber: 2, scheme: input.scheme, schemeParameter: 2)
        let signing = try signer.resolve(on: tpm)
        let (attest, signature) = try Attestation.sign(type: TPMStructureTag.attestCertify, signing: signing,
                                                       qualifyingData: input.qualifyingData, tpm: tpm) { w in
            w.writeSized(object.name)
            w.writeSized(signing?.isAnonymous == true ? [] : object.qualifiedName)
        }
        return AttestationOutput(attest: attest, signature: signature)
    }
}
