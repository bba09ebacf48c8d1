import TPMTypes

/// TPM2_TestParms (Part 3 §30.3): whether the TPM supports a set of public parameters, with
/// the errors creating an object with them would give (ObjectTemplate.checkParameters).
///
/// Response codes, all on parameter 1: TPM_RC_TYPE (object type not implemented),
/// TPM_RC_SYMMETRIC, TPM_RC_KEY_SIZE, TPM_RC_MODE (block cipher, key size or mode),
/// TPM_RC_SCHEME, TPM_RC_HASH (scheme or its hash), TPM_RC_KEY_SIZE, TPM_RC_VALUE (RSA key
/// size or exponent), TPM_RC_CURVE, TPM_RC_KDF.
extension TestParms: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        try TPMError.attributing(parameter(\.parameters)) { () throws(TPMError) in
            try ObjectTemplate.checkType(input.parameters.type, tpm: tpm)
            try ObjectTemplate.checkParameters(input.parameters.parameters, tpm: tpm)
        }
        return Response()
    }
}
