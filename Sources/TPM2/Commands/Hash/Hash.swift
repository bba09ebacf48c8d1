import TPMTypes
import TrustCrypto

/// TPM2_Hash (Part 3 §15.4): a digest and, when the data cannot be a TPM-generated
/// structure (it does not start with TPM_GENERATED_VALUE), a hashcheck ticket for Sign.
///
/// Response codes: TPM_RC_HASH (parameter 2), TPM_RC_VALUE (not a hierarchy: parameter 3).
extension HashCommand: DescribedCommand {
    /// TPM_GENERATED_VALUE, "\xffTCG" (Part 2 §6.2).
    static let generatedValue: [UInt8] = [0xFF, 0x54, 0x43, 0x47]

    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard let hash = tpm.admittedHash(input.hashAlg) else { throw TPMError(.hash, parameter(\.hashAlg)) }
        guard tpm.isHierarchyEnabled(input.hierarchy) else { throw TPMError(.hierarchy, parameter(\.hierarchy)) }
        let digest = EngineCrypto.digest(hash, input.data)
        let ticket =
            input.data.starts(with: generatedValue)
            ? TPMTicket.null(TPMStructureTag.hashcheck)
            : Tickets.hashCheck(hierarchy: input.hierarchy, digest: digest, hash: hash, tpm: tpm)
        return Response(outHash: digest, validation: ticket)
    }
}
