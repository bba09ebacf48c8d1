import TPMTypes

/// TPM2_TestParms (Part 3 §30.3): whether the TPM supports a set of public parameters, with
/// the errors creating an object with them would give (ObjectTemplate.checkParameters).
///
/// Response codes, all on parameter 1: TPM_RC_TYPE (object type not implemented),
/// TPM_RC_SYMMETRIC, TPM_RC_KEY_SIZE, TPM_RC_MODE (block cipher, key size or mode),
/// TPM_RC_SCHEME, TPM_RC_HASH (scheme or its hash), TPM_RC_KEY_SIZE, TPM_RC_VALUE (RSA key
/// size or exponent), TPM_RC_CURVE, TPM_RC_KDF.
struct TestParms: TPMCommand {
    static let code = TPMCommandCode.testParms

    /// TPMT_PUBLIC_PARMS: an object type and its TPMU_PUBLIC_PARMS.
    struct Input {
        var type: TPMAlgorithm
        var parameters: TPMPublicParameters
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        try TPMError.attributing(.parameter(1)) { () throws(TPMError) in
            let type = try TPMAlgorithm(from: &parameters)
            return Input(type: type, parameters: try TPMPublicParameters(type: type, from: &parameters))
        }
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        try TPMError.attributing(.parameter(1)) { () throws(TPMError) in
            try ObjectTemplate.checkType(input.type, tpm: tpm)
            try ObjectTemplate.checkParameters(input.parameters, tpm: tpm)
        }
        return NoOutput()
    }
}
