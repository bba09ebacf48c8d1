import TPMTypes
import TrustCrypto

/// TPM2_PCR_Event (Part 3 §22.3): hashes the event with every implemented hash, extends
/// the allocated banks and returns all the digests.
///
/// Response codes: TPM_RC_LOCALITY.
struct PCR_Event: TPMCommand {
    static let code = TPMCommandCode.pcrEvent
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.pcrOrNull]
    static let firstParameterEncryptable = true

    struct Input { var pcr: Int?; var eventData: [UInt8] }
    struct Output: TPMCommandOutput {
        var digests: TPMDigestValues
        func marshalParameters(into writer: inout TPMWriter) { writer.write(digests) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(pcr: try parsePCRHandle(handles[0], count: TPMLimits.pcrCount),
              eventData: try parameters.sizedParameter(1, max: TPMLimits.maxEvent))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        if let pcr = input.pcr, !tpm.pcrs.canExtend(pcr, locality: tpm.locality) { throw TPMError(.locality) }
        var digests: [(TPMAlgorithm, [UInt8])] = []
        for alg in tpm.config.hashAlgorithms {
            guard let hash = alg.hashAlgorithm else { continue }
            let digest = EngineCrypto.digest(hash, input.eventData)
            digests.append((alg, digest))
            if let pcr = input.pcr { tpm.pcrs.extend(pcr, bank: alg, digest: digest) }
        }
        return Output(digests: TPMDigestValues(digests))
    }
}
