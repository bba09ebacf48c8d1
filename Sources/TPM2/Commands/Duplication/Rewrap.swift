import TPMTypes
import TrustCrypto

/// TPM2_Rewrap (Part 3 §13.2, Part 1 §23): moves a duplication blob's outer wrapper from
/// oldParent (whose key decrypts inSymSeed, label "DUPLICATE") to newParent (a fresh seed).
/// Either may be TPM_RH_NULL for a blob without an outer wrapper; the inner wrapper, if any,
/// is left alone.
///
/// Response codes: TPM_RC_HANDLE (a seed with oldParent TPM_RH_NULL, or none with a key:
/// handle 1), TPM_RC_TYPE (oldParent, newParent not a storage key: handle 1, handle 2),
/// TPM_RC_VALUE (the seed does not decrypt: parameter 3; the rewrapped blob would not fit a
/// TPM2B_PRIVATE: parameter 1), TPM_RC_INTEGRITY, TPM_RC_INSUFFICIENT (the outer wrapper
/// does not verify: parameter 1), TPM_RC_KEY (the seed cannot be sent to newParent).
extension Rewrap: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let hasOldParent = handles[0] != TPMRH.null
        if input.inSymSeed.isEmpty == hasOldParent { throw TPMError(.handle, .handle(1)) }
        var blob = input.inDuplicate
        if hasOldParent {
            let oldParent = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
            guard oldParent.publicArea.isStorageParent, oldParent.sensitive != nil else {
                throw TPMError(.type, .handle(1))
            }
            let seed: [UInt8]
            do {
                seed = try SecretExchange.decryptSecret(
                    input.inSymSeed, key: oldParent, label: "DUPLICATE",
                    culpritKey: .handle(1), culpritSecret: parameter(\.inSymSeed))
            } catch { throw TPMError(.value, parameter(\.inSymSeed)) }
            blob = try TPMError.attributing(parameter(\.inDuplicate)) { () throws(TPMError) in
                try ObjectProtection.unwrapOuter(input.inDuplicate, name: input.name, protector: oldParent, seed: seed)
            }
        }
        guard handles[1] != TPMRH.null else { return Response(outDuplicate: blob, outSymSeed: []) }
        let newParent = try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(handles[1]) }
        guard newParent.publicArea.isStorageParent, let hash = newParent.nameHash else {
            throw TPMError(.type, .handle(2))
        }
        let (seed, outSymSeed) = try SecretExchange.encryptSecret(to: newParent, label: "DUPLICATE", random: tpm.random)
        if blob.count + 2 + hash.digestSize > TPMLimits.maxPrivate { throw TPMError(.value, parameter(\.inDuplicate)) }
        let outDuplicate = try ObjectProtection.wrapOuter(blob, name: input.name, protector: newParent, seed: seed)
        return Response(outDuplicate: outDuplicate, outSymSeed: outSymSeed)
    }
}
