import TPMTypes
import TrustCrypto

/// TPM2_HashSequenceStart (Part 3 §17.4): starts a hash sequence, or with TPM_ALG_NULL an event
/// sequence that digests the data with every implemented hash for EventSequenceComplete.
///
/// Response codes: TPM_RC_HASH (not an implemented hash: parameter 2), TPM_RC_SIZE (auth longer
/// than a digest: parameter 1), TPM_RC_OBJECT_MEMORY.
struct HashSequenceStart: TPMCommand {
    static let code = TPMCommandCode.hashSequenceStart
    static let firstParameterEncryptable = true

    struct Input {
        var auth: [UInt8]
        var hashAlg: TPMAlgorithm
    }

    /// The new sequence's handle, and nothing else (HMAC_Start answers the same).
    struct Output: TPMCommandOutput {
        var sequenceHandle: TPMHandle
        var responseHandle: TPMHandle? { sequenceHandle }
        func marshalParameters(into writer: inout TPMWriter) {}
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(auth: try parameters.sizedParameter(1, max: TPMLimits.maxDigest), hashAlg: try parameters.parameter(2))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let kind: HashSequence.Kind
        if input.hashAlg == .null {
            var banks: [TPMAlgorithm: HashContext] = [:]
            for alg in tpm.config.hashAlgorithms {
                if let hash = alg.hashAlgorithm { banks[alg] = try EngineCrypto.hashContext(hash) }
            }
            kind = .event(banks)
        } else {
            guard let hash = tpm.admittedHash(input.hashAlg) else { throw TPMError(.hash, .parameter(2)) }
            kind = .hash(try EngineCrypto.hashContext(hash))
        }
        return Output(sequenceHandle: try tpm.addTransient(.sequence(HashSequence(kind: kind, authValue: input.auth))))
    }
}
