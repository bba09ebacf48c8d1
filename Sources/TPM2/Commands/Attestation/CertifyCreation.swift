import TPMTypes
import TrustCrypto

/// TPM2_CertifyCreation (Part 3 §18.3): a signed statement that this TPM created the object
/// with this creation hash, proven by the creation ticket Create or CreatePrimary returned.
///
/// Response codes: TPM_RC_TICKET (the ticket is not for this object and hash: parameter 4),
/// TPM_RC_KEY (not a signing key: handle 1), TPM_RC_SCHEME (parameter 3).
struct CertifyCreation: TPMCommand {
    static let code = TPMCommandCode.certifyCreation
    static let handles: [AuthRole] = [.user, .none]
    static let handleTypes = [HandleTypes.objectOrNull, HandleTypes.object]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var signHandle: TPMHandle
        var object: TPMHandle
        var qualifyingData: [UInt8]
        var creationHash: [UInt8]
        var scheme: TPMScheme
        var ticket: TPMTicket
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        try Attestation.checkSignHandle(handles[0], number: 1)
        let data = try parameters.sizedParameter(1, max: TPMLimits.maxData)
        let creationHash = try parameters.sizedParameter(2, max: TPMLimits.maxDigest)
        let scheme = try TPMError.attributing(.parameter(3)) { () throws(TPMError) in try TPMScheme(from: &parameters, kind: .signature) }
        let ticket = try TPMError.attributing(.parameter(4)) { () throws(TPMError) in
            try TPMTicket(from: &parameters, accepting: [TPMStructureTag.creation])
        }
        return Input(signHandle: handles[0], object: handles[1], qualifyingData: data, creationHash: creationHash,
                     scheme: scheme, ticket: ticket)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> AttestationOutput {
        let object = try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(input.object) }
        guard let hash = object.nameHash, input.ticket.hierarchy != TPMRH.null || object.hierarchy == TPMRH.null else {
            throw TPMError(.ticket, .parameter(4))
        }
        let expected = Tickets.creation(hierarchy: input.ticket.hierarchy, name: object.name, creationHash: input.creationHash,
                                        hash: hash, tpm: tpm)
        guard SecureBytes.equal(expected.digest, input.ticket.digest) else { throw TPMError(.ticket, .parameter(4)) }
        let signer = Attestation.Signer(handle: input.signHandle, handleNumber: 1, scheme: input.scheme, schemeParameter: 3)
        let (attest, signature) = try Attestation.sign(type: TPMStructureTag.attestCreation, signer: signer,
                                                       qualifyingData: input.qualifyingData, tpm: tpm) { w in
            w.writeSized(object.name)
            w.writeSized(input.creationHash)
        }
        return AttestationOutput(attest: attest, signature: signature)
    }
}
