import TPMTypes

/// TPM2_PCR_Extend (Part 3 §22.2): PCR[i] = H(PCR[i] || digest) in each listed bank;
/// banks not allocated are skipped; TPM_RH_NULL extends nothing.
///
/// Response codes: TPM_RC_LOCALITY (this locality may not extend the PCR), TPM_RC_HASH
/// (unknown hash: parameter 1), TPM_RC_VALUE (not a PCR: handle 1).
struct PCR_Extend: TPMCommand {
    static let code = TPMCommandCode.pcrExtend
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.pcrOrNull]

    struct Input { var pcr: Int?; var digests: TPMDigestValues }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(pcr: try parsePCRHandle(handles[0], count: TPMLimits.pcrCount), digests: try parameters.parameter(1))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        guard let pcr = input.pcr else { return NoOutput() }
        guard tpm.pcrs.canExtend(pcr, locality: tpm.locality) else { throw TPMError(.locality) }
        for (bank, digest) in input.digests.digests {
            guard tpm.config.supports(bank) else { throw TPMError(.hash, .parameter(1)) }
            tpm.pcrs.extend(pcr, bank: bank, digest: digest)
        }
        return NoOutput()
    }
}
