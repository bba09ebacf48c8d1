import TPMTypes

/// TPM2_PCR_Reset (Part 3 §22.8): sets a resettable PCR to zero in every bank.
///
/// Response codes: TPM_RC_LOCALITY (not resettable from this locality, or at all).
struct PCR_Reset: TPMCommand {
    static let code = TPMCommandCode.pcrReset
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.pcr]

    struct Input { var pcr: Int }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        guard let pcr = try parsePCRHandle(handles[0], count: TPMLimits.pcrCount, allowNull: false) else { throw TPMError(.value, .handle(1)) }
        return Input(pcr: pcr)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        guard tpm.pcrs.canReset(input.pcr, locality: tpm.locality) else { throw TPMError(.locality) }
        tpm.pcrs.reset(input.pcr)
        return NoOutput()
    }
}
