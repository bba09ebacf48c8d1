import TPMTypes
import TrustCrypto

/// Response codes: TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_ATTRIBUTES (not an
/// extend index).
extension NV_Extend: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        var index = try tpm.nvIndex(handles[1])
        try TPMEngineState.checkNVWriteAccess(auth: handles[0], index: index)
        guard index.publicArea.attributes.type == .extend else { throw TPMError(.attributes) }
        guard let hash = index.publicArea.nameAlg.hashAlgorithm else { throw TPMError.failure }
        let old =
            index.publicArea.attributes.contains(.written) ? index.data : [UInt8](repeating: 0, count: hash.digestSize)
        index.data = EngineCrypto.digest(hash, old + input.data)
        index.publicArea.attributes.insert(.written)
        tpm.updateNVIndex(index)
        return Response()
    }
}
