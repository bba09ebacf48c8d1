import TPMTypes

/// TPM2_Unseal (Part 3 §12.7): returns the data of a sealed data object: a keyed-hash object
/// that is neither a key (sign, decrypt) nor restricted.
///
/// Response codes: TPM_RC_TYPE (not a keyed-hash object: handle 1), TPM_RC_ATTRIBUTES (sign,
/// decrypt or restricted set: handle 1), TPM_RC_AUTH_UNAVAILABLE (loaded without its sensitive area).
extension Unseal: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let item = try tpm.object(handles[0], sequenceCode: .type)
        guard item.publicArea.type == .keyedHash else { throw TPMError(.type, .handle(1)) }
        guard item.attributes.isDisjoint(with: [.sign, .decrypt, .restricted]) else {
            throw TPMError(.attributes, .handle(1))
        }
        return Response(outData: try item.requireSensitive().sensitive)
    }
}
