import TPMTypes
import TrustCrypto

/// TPM2_Hash (Part 3 §15.4): a digest and, when the data cannot be a TPM-generated
/// structure (it does not start with TPM_GENERATED_VALUE), a hashcheck ticket for Sign.
///
/// Response codes: TPM_RC_HASH (parameter 2), TPM_RC_VALUE (not a hierarchy: parameter 3).
struct HashCommand: TPMCommand {
    static let code = TPMCommandCode.hash
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true
    /// TPM_GENERATED_VALUE, "\xffTCG" (Part 2 §6.2).
    static let generatedValue: [UInt8] = [0xFF, 0x54, 0x43, 0x47]

    struct Input {
        var data: [UInt8]
        var hashAlg: TPMAlgorithm
        var hierarchy: TPMHandle
    }

    struct Output: TPMCommandOutput {
        var digest: [UInt8]
        var validation: TPMTicket
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeSized(digest)
            writer.write(validation)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let data = try parameters.sizedParameter(1, max: TPMLimits.maxBuffer)
        let alg: TPMAlgorithm = try parameters.parameter(2)
        let hierarchyHandle: TPMHandle = try parameters.integerParameter(3)
        return Input(data: data, hashAlg: alg, hierarchy: try parseHierarchy(hierarchyHandle, allowNull: true, culprit: .parameter(3)))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        guard let hash = tpm.admittedHash(input.hashAlg) else { throw TPMError(.hash, .parameter(2)) }
        guard tpm.isHierarchyEnabled(input.hierarchy) else { throw TPMError(.hierarchy, .parameter(3)) }
        let digest = EngineCrypto.digest(hash, input.data)
        let ticket = input.data.starts(with: generatedValue)
            ? TPMTicket.null(TPMStructureTag.hashcheck)
            : Tickets.hashCheck(hierarchy: input.hierarchy, digest: digest, hash: hash, tpm: tpm)
        return Output(digest: digest, validation: ticket)
    }
}
