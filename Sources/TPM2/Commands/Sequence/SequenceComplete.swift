import TPMTypes
import TrustCrypto

/// TPM2_SequenceComplete (Part 3 §17.6): adds the last data, returns the digest or HMAC and
/// flushes the sequence. A hash sequence also returns a hashcheck ticket for `hierarchy`
/// unless its data may begin with TPM_GENERATED_VALUE (then, as for HMAC sequences and the
/// NULL hierarchy, the ticket is the NULL ticket).
///
/// Response codes: TPM_RC_MODE (an event sequence or an object: handle 1), TPM_RC_VALUE (not a
/// hierarchy: parameter 2).
struct SequenceComplete: TPMCommand {
    static let code = TPMCommandCode.sequenceComplete
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true
    static let flushesHandles = true

    struct Input {
        var sequence: TPMHandle
        var buffer: [UInt8]
        var hierarchy: TPMHandle
    }

    struct Output: TPMCommandOutput {
        var result: [UInt8]
        var validation: TPMTicket
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeSized(result)
            writer.write(validation)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let buffer = try parameters.sizedParameter(1, max: TPMLimits.maxBuffer)
        let hierarchy: TPMHandle = try parameters.integerParameter(2)
        return Input(sequence: handles[0], buffer: buffer,
                     hierarchy: try parseHierarchy(hierarchy, allowNull: true, culprit: .parameter(2)))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let sequence = try SequenceUpdate.loadedSequence(input.sequence, on: tpm)
        let output: Output
        switch sequence.kind {
        case .hash(let context):
            sequence.update(input.buffer)
            let digest = context.finalize()
            let ticket = sequence.mayBeGeneratedValue
                ? TPMTicket.null(TPMStructureTag.hashcheck)
                : Tickets.hashCheck(hierarchy: input.hierarchy, digest: digest, hash: context.algorithm, tpm: tpm)
            output = Output(result: digest, validation: ticket)
        case .mac(let context):
            sequence.update(input.buffer)
            output = Output(result: context.finalize(), validation: .null(TPMStructureTag.hashcheck))
        case .event:
            throw TPMError(.mode, .handle(1))
        }
        tpm.transients[input.sequence] = nil
        return output
    }
}
