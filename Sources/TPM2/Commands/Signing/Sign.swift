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
struct Sign: TPMCommand {
    static let code = TPMCommandCode.sign
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true

    struct Input {
        var key: TPMHandle
        var digest: [UInt8]
        var scheme: TPMScheme
        var validation: TPMTicket
    }

    struct Output: TPMCommandOutput {
        var signature: TPMSignature
        func marshalParameters(into writer: inout TPMWriter) { writer.write(signature) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let digest = try parameters.sizedParameter(1, max: TPMLimits.maxDigest)
        let scheme = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in
            try TPMScheme(from: &parameters, kind: .signature)
        }
        let validation = try TPMError.attributing(.parameter(3)) { () throws(TPMError) in
            try TPMTicket(from: &parameters, accepting: [TPMStructureTag.hashcheck])
        }
        return Input(key: handles[0], digest: digest, scheme: scheme, validation: validation)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let key = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(input.key) }
        guard key.attributes.contains(.sign), key.sensitive != nil else { throw TPMError(.key, .handle(1)) }
        // A key for X.509 certificates (TPM2_CertifyX509) signs nothing else.
        guard !key.attributes.contains(.x509sign) else { throw TPMError(.attributes, .handle(1)) }
        let scheme = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in
            try SignatureSchemes.resolve(key: key, requested: input.scheme)
        }
        guard let hash = tpm.admittedHash(scheme.hash) else { throw TPMError(.hash, .parameter(2)) }
        guard input.digest.count == hash.digestSize else { throw TPMError(.size, .parameter(1)) }
        if key.attributes.contains(.restricted) {
            let expected = Tickets.hashCheck(hierarchy: input.validation.hierarchy, digest: input.digest,
                                             hash: hash, tpm: tpm)
            guard input.validation.tag == TPMStructureTag.hashcheck, input.validation.hierarchy != TPMRH.null,
                  SecureBytes.equal(expected.digest, input.validation.digest) else { throw TPMError(.ticket, .parameter(3)) }
        }
        return Output(signature: try SignatureSchemes.sign(digest: input.digest, key: key, scheme: scheme, on: tpm))
    }
}
