import TPMTypes
import TrustCrypto

/// What TPM2_EncryptDecrypt and TPM2_EncryptDecrypt2 share (Part 3 §15.2–15.3): one operation
/// with a loaded symmetric key. The two commands differ only in parameter order, so the checks
/// name culprits through `Culprits`.
enum SymmetricEncryption {
    /// Parameter numbers of the inputs in each command's order.
    struct Culprits {
        var decrypt: Int
        var mode: Int
        var ivIn: Int
        var inData: Int
    }

    static let maxIVSize = 16

    static func run(
        key handle: TPMHandle, decrypt: Bool, mode requested: TPMAlgorithm, ivIn: [UInt8], inData: [UInt8],
        culprits: Culprits, tpm: TPMEngineState
    ) throws(TPMError) -> TPMSymmetricResult {
        // TPMI_ALG_CIPHER_MODE+: an implemented block-cipher mode or NULL.
        guard requested == .null || (requested.symmetricMode != nil && tpm.config.supports(requested)) else {
            throw TPMError(.mode, .parameter(culprits.mode))
        }
        let key = try tpm.object(handle, sequenceCode: .key)
        guard key.publicArea.type == .symcipher, case .symCipher(let definition) = key.publicArea.parameters,
            let cipher = definition.algorithm.symmetricAlgorithm
        else { throw TPMError(.key, .handle(1)) }
        // Unrestricted, with decrypt to decrypt and sign to encrypt (Part 3 §15.2).
        guard !key.attributes.contains(.restricted), key.attributes.contains(decrypt ? .decrypt : .sign) else {
            throw TPMError(.attributes, .handle(1))
        }
        guard definition.mode == .null || definition.mode.symmetricMode != nil else {
            throw TPMError(.mode, .handle(1))
        }
        // The key's mode rules; the caller may repeat it or say NULL, and must name one if the key does not.
        let modeID: TPMAlgorithm
        if definition.mode == .null {
            guard requested != .null else { throw TPMError(.mode, .parameter(culprits.mode)) }
            modeID = requested
        } else {
            guard requested == .null || requested == definition.mode else {
                throw TPMError(.mode, .parameter(culprits.mode))
            }
            modeID = definition.mode
        }
        guard let mode = modeID.symmetricMode else { throw TPMError(.mode, .parameter(culprits.mode)) }
        // ECB takes no IV; every other mode one block of it.
        guard ivIn.count == (mode == .ecb ? 0 : cipher.blockSize) else {
            throw TPMError(.size, .parameter(culprits.ivIn))
        }
        if mode == .cbc || mode == .ecb, inData.count % cipher.blockSize != 0 {
            throw TPMError(.size, .parameter(culprits.inData))
        }
        let secret = try key.requireSensitive().sensitive
        do throws(CryptoError) {
            let result =
                decrypt
                ? try SymmetricCipher.decrypt(cipher, mode: mode, key: secret, iv: ivIn, data: inData)
                : try SymmetricCipher.encrypt(cipher, mode: mode, key: secret, iv: ivIn, data: inData)
            return TPMSymmetricResult(outData: result.output, ivOut: result.ivOut)
        } catch {
            throw TPMError(.failure)
        }
    }
}
