import TPMTypes
import TrustCrypto

/// TPM2_EventSequenceComplete (Part 3 §17.7): adds the last data to an event sequence,
/// extends each allocated bank of the PCR (none for TPM_RH_NULL) with that bank's digest,
/// returns the digests of every implemented hash, and flushes the sequence. Both handles need
/// authorization: the PCR's, and the sequence's own.
///
/// Response codes: TPM_RC_VALUE (not a PCR or TPM_RH_NULL: handle 1), TPM_RC_LOCALITY (the PCR
/// cannot be extended from this locality), TPM_RC_MODE (not an event sequence: handle 2).
struct EventSequenceComplete: TPMCommand {
    static let code = TPMCommandCode.eventSequenceComplete
    static let handles: [AuthRole] = [.user, .user]
    static let handleTypes = [HandleTypes.pcrOrNull, HandleTypes.object]
    static let firstParameterEncryptable = true
    static let flushesHandles = true

    struct Input {
        var pcr: Int?
        var sequence: TPMHandle
        var buffer: [UInt8]
    }

    struct Output: TPMCommandOutput {
        var results: TPMDigestValues
        func marshalParameters(into writer: inout TPMWriter) { writer.write(results) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(pcr: try parsePCRHandle(handles[0], count: TPMLimits.pcrCount), sequence: handles[1],
              buffer: try parameters.sizedParameter(1, max: TPMLimits.maxBuffer))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        guard case .sequence(let sequence)? = tpm.transients[input.sequence] else {
            _ = try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(input.sequence) }
            throw TPMError(.mode, .handle(2))
        }
        guard case .event(let banks) = sequence.kind else { throw TPMError(.mode, .handle(2)) }
        if let pcr = input.pcr, !tpm.pcrs.canExtend(pcr, locality: tpm.locality) { throw TPMError(.locality) }
        sequence.update(input.buffer)
        var digests: [(TPMAlgorithm, [UInt8])] = []
        for alg in banks.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let context = banks[alg] else { continue }
            let digest = context.finalize()
            digests.append((alg, digest))
            if let pcr = input.pcr { tpm.pcrs.extend(pcr, bank: alg, digest: digest) }
        }
        tpm.transients[input.sequence] = nil
        return Output(results: TPMDigestValues(digests))
    }
}
