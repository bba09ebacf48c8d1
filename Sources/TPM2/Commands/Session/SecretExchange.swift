import TPMTypes
import TrustCrypto

/// Secrets sent to the TPM under one of its keys (Part 1 §24 "Secret Sharing"): RSA-OAEP
/// with a label, or an ephemeral ECDH point whose Z feeds KDFe. Used by StartAuthSession
/// ("SECRET"), ActivateCredential ("IDENTITY"), Import and Rewrap ("DUPLICATE"); the sending
/// half serves MakeCredential, Duplicate and Rewrap.
enum SecretExchange {
    /// A fresh seed and the secret that carries it to `key`'s owner (TPMSecretSharing):
    /// TPM_RC_ATTRIBUTES (not a decrypt key), TPM_RC_HASH (no nameAlg), TPM_RC_KEY (not
    /// asymmetric, or a public key libcrypto cannot use), TPM_RC_VALUE (OAEP refused the
    /// seed), no culprit attached; a failure of KDFe itself fails the TPM.
    static func encryptSecret(to key: TPMObject, label: String, random: (Int) -> [UInt8]) throws(TPMError) -> (
        seed: [UInt8], secret: [UInt8]
    ) {
        do throws(TPMSecretSharing.Failure) {
            return try TPMSecretSharing.seal(to: key.publicArea, label: label, random: random)
        } catch {
            switch error {
            case .notADecryptKey: throw TPMError(.attributes)
            case .unknownNameAlgorithm: throw TPMError(.hash)
            case .unusableKey: throw TPMError(.key)
            case .seedDoesNotFit: throw TPMError(.value)
            case .crypto(let failure): return try EngineCrypto.checked { () throws(CryptoError) in throw failure }
            }
        }
    }

    static func decryptSecret(
        _ secret: [UInt8], key: TPMObject, label: String,
        culpritKey: TPMError.Culprit, culpritSecret: TPMError.Culprit
    ) throws(TPMError) -> [UInt8] {
        guard key.sensitive != nil else { throw TPMError(.handle, culpritKey) }
        guard key.attributes.contains(.decrypt) else { throw TPMError(.attributes, culpritKey) }
        guard let nameHash = key.nameHash else { throw TPMError(.hash, culpritKey) }
        switch key.publicArea.type {
        case .rsa:
            let rsa = try key.rsaPrivateKey()
            do {
                return try rsa.decryptOAEP(secret, hash: nameHash, label: Array(label.utf8) + [0])
            } catch {
                throw TPMError(.value, culpritSecret)
            }
        case .ecc:
            // The secret holds a marshalled TPMS_ECC_POINT, no further size prefix
            // (CryptSecretDecrypt unmarshals it straight from the buffer).
            var reader = TPMReader(secret)
            let point: TPMECCPoint
            do {
                point = try TPMECCPoint(from: &reader)
                guard reader.isAtEnd else { throw TPMError(.size) }
            } catch { throw TPMError(.size, culpritSecret) }
            let ecc = try key.eccPrivateKey()
            let shared: ECCPoint
            do { shared = try ecc.sharedPoint(with: ECCPoint(x: point.x, y: point.y)) } catch {
                throw TPMError(.eccPoint, culpritSecret)
            }
            guard case .ecc(let ownPoint) = key.publicArea.unique else { throw TPMError(.key, culpritKey) }
            return EngineCrypto.kdfe(
                nameHash, z: shared.x, label: label, partyU: point.x, partyV: ownPoint.x, bits: nameHash.digestSize * 8)
        default:
            throw TPMError(.key, culpritKey)
        }
    }
}
