import TPMTypes
import TrustCrypto

/// TPM2_NV_Certify (Part 3 §31.16): a signed copy of part of an index's data (TPMS_NV_CERTIFY_INFO),
/// or with size and offset both 0 a digest of all of it (TPMS_NV_DIGEST_CERTIFY_INFO, 1.59).
/// Read access is checked as for NV_Read.
///
/// Response codes: as NV_Read (TPM_RC_NV_AUTHORIZATION, _LOCKED, _UNINITIALIZED, _RANGE,
/// TPM_RC_VALUE for size or offset: parameters 3 and 4), TPM_RC_KEY (handle 1),
/// TPM_RC_SCHEME (parameter 2).
struct NV_Certify: TPMCommand {
    static let code = TPMCommandCode.nvCertify
    static let handles: [AuthRole] = [.user, .user, .none]
    static let handleTypes = [HandleTypes.objectOrNull, HandleTypes.nvAuth, HandleTypes.nvIndex]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var signHandle: TPMHandle
        var target: NVAccessInput
        var qualifyingData: [UInt8]
        var scheme: TPMScheme
        var size: UInt16
        var offset: UInt16
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        try Attestation.checkSignHandle(handles[0], number: 1)
        let auth = try HandleRules.nvAuth(handles[1], culprit: .handle(2))
        let index = handles[2]
        let (data, scheme) = try Attestation.readRequest(&parameters)
        return Input(signHandle: handles[0], target: NVAccessInput(auth: auth, index: index), qualifyingData: data, scheme: scheme,
                     size: try parameters.integerParameter(3), offset: try parameters.integerParameter(4))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> AttestationOutput {
        let index = try tpm.nvIndex(input.target.index)
        try TPMEngineState.checkNVReadAccess(auth: input.target.auth, index: index)
        let dataSize = Int(index.publicArea.dataSize)
        let wholeDigest = input.size == 0 && input.offset == 0
        if !wholeDigest {
            guard Int(input.size) <= tpm.config.profile.maxNVBufferSize else { throw TPMError(.value, .parameter(3)) }
            guard Int(input.offset) <= dataSize else { throw TPMError(.value, .parameter(4)) }
            guard Int(input.size) <= dataSize - Int(input.offset) else { throw TPMError(.nvRange) }
        }
        let signer = Attestation.Signer(handle: input.signHandle, handleNumber: 1, scheme: input.scheme, schemeParameter: 2)
        let signing = try signer.resolve(on: tpm)
        // The digest form hashes with the signing scheme's hash (SHA-256 when unsigned).
        let digestHash = signing?.hash ?? .sha256
        let type = wholeDigest ? TPMStructureTag.attestNVDigest : TPMStructureTag.attestNV
        let (attest, signature) = try Attestation.sign(type: type, signing: signing, qualifyingData: input.qualifyingData, tpm: tpm) { w in
            w.writeSized(index.publicArea.name)
            if wholeDigest {
                w.writeSized(EngineCrypto.digest(digestHash, index.data))
            } else {
                w.write(input.offset)
                w.writeSized(Array(index.data[Int(input.offset)..<Int(input.offset) + Int(input.size)]))
            }
        }
        return AttestationOutput(attest: attest, signature: signature)
    }
}
