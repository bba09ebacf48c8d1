import TPMTypes
import TrustCrypto

/// TPM2_SequenceComplete (Part 3 §17.6): adds the last data, returns the digest or HMAC and
/// flushes the sequence. A hash sequence also returns a hashcheck ticket for `hierarchy`
/// unless its data may begin with TPM_GENERATED_VALUE (then, as for HMAC sequences and the
/// NULL hierarchy, the ticket is the NULL ticket).
///
/// Response codes: TPM_RC_MODE (an event sequence or an object: handle 1), TPM_RC_VALUE (not a
/// hierarchy: parameter 2).
extension SequenceComplete: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let sequence = try SequenceUpdate.loadedSequence(handles[0], on: tpm)
        let output: Response
        switch sequence.kind {
        case .hash(let context):
            sequence.update(input.buffer)
            let digest = context.finalize()
            let ticket =
                sequence.mayBeGeneratedValue
                ? TPMTicket.null(TPMStructureTag.hashcheck)
                : Tickets.hashCheck(hierarchy: input.hierarchy, digest: digest, hash: context.algorithm, tpm: tpm)
            output = Response(result: digest, validation: ticket)
        case .mac(let context):
            sequence.update(input.buffer)
            output = Response(result: context.finalize(), validation: .null(TPMStructureTag.hashcheck))
        case .event:
            throw TPMError(.mode, .handle(1))
        }
        tpm.transients[handles[0]] = nil
        return output
    }
}
