import TPMTypes

extension TPMEngineState {
    /// The object a command uses at `culprit`'s handle. A hash sequence is an object of type
    /// TPM_ALG_NULL to the commands that expect keys, so each refuses it with the code it gives
    /// for a key of the wrong type (`sequenceCode`); an empty handle is TPM_RC_HANDLE.
    func object(_ handle: TPMHandle, sequenceCode: TPMResponseCode, culprit: TPMError.Culprit = .handle(1))
        throws(TPMError) -> TPMObject
    {
        if case .sequence? = transients[handle] { throw TPMError(sequenceCode, culprit) }
        return try TPMError.attributing(culprit) { () throws(TPMError) in try object(handle) }
    }
}
