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
struct Rewrap: TPMCommand {
    static let code = TPMCommandCode.rewrap
    static let handles: [AuthRole] = [.user, .none]
    static let handleTypes = [HandleTypes.objectOrNull, HandleTypes.objectOrNull]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var oldParent: TPMHandle
        var newParent: TPMHandle
        var inDuplicate: [UInt8]
        var name: [UInt8]
        var inSymSeed: [UInt8]
    }

    struct Output: TPMCommandOutput {
        var outDuplicate: [UInt8]
        var outSymSeed: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeSized(outDuplicate)
            writer.writeSized(outSymSeed)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        for (index, handle) in handles.enumerated() where handle.handleType == .permanent {
            _ = try HandleRules.oneOf(handle, [TPMRH.null], culprit: .handle(index + 1))
        }
        return Input(oldParent: handles[0], newParent: handles[1],
                     inDuplicate: try parameters.sizedParameter(1, max: TPMLimits.maxPrivate),
                     name: try parameters.sizedParameter(2, max: TPMLimits.maxName),
                     inSymSeed: try parameters.sizedParameter(3, max: TPMLimits.maxEncryptedSecret))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let hasOldParent = input.oldParent != TPMRH.null
        if input.inSymSeed.isEmpty == hasOldParent { throw TPMError(.handle, .handle(1)) }
        var blob = input.inDuplicate
        if hasOldParent {
            let oldParent = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(input.oldParent) }
            guard oldParent.publicArea.isStorageParent, oldParent.sensitive != nil else { throw TPMError(.type, .handle(1)) }
            let seed: [UInt8]
            do {
                seed = try SecretExchange.decryptSecret(input.inSymSeed, key: oldParent, label: "DUPLICATE",
                                                        culpritKey: .handle(1), culpritSecret: .parameter(3))
            } catch { throw TPMError(.value, .parameter(3)) }
            blob = try TPMError.attributing(.parameter(1)) { () throws(TPMError) in
                try ObjectProtection.unwrapOuter(input.inDuplicate, name: input.name, protector: oldParent, seed: seed)
            }
        }
        guard input.newParent != TPMRH.null else { return Output(outDuplicate: blob, outSymSeed: []) }
        let newParent = try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(input.newParent) }
        guard newParent.publicArea.isStorageParent, let hash = newParent.nameHash else { throw TPMError(.type, .handle(2)) }
        let (seed, outSymSeed) = try SecretExchange.encryptSecret(to: newParent, label: "DUPLICATE", random: tpm.random)
        if blob.count + 2 + hash.digestSize > TPMLimits.maxPrivate { throw TPMError(.value, .parameter(1)) }
        let outDuplicate = try ObjectProtection.wrapOuter(blob, name: input.name, protector: newParent, seed: seed)
        return Output(outDuplicate: outDuplicate, outSymSeed: outSymSeed)
    }
}
