import TPMTypes
import TrustCrypto

/// Secrets sent to the TPM under one of its keys (Part 1 §24 "Secret Sharing"): RSA-OAEP
/// with a label, or an ephemeral ECDH point whose Z feeds KDFe. Used by StartAuthSession
/// ("SECRET"), ActivateCredential ("IDENTITY"), Import and Rewrap ("DUPLICATE"); the sending
/// half serves MakeCredential, Duplicate and Rewrap.
enum SecretExchange {
    /// A fresh seed of the key's name-digest size and the TPM2B_ENCRYPTED_SECRET contents that
    /// carry it to the key's owner (the reference implementation's CryptSecretEncrypt): the
    /// RSA-OAEP encryption of the seed under the key's nameAlg and `label`, or for ECC a
    /// marshalled ephemeral TPMS_ECC_POINT Q_e with seed = KDFe(nameAlg, (d_e·Q_key).x, label,
    /// Q_e.x, Q_key.x). TPM_RC_ATTRIBUTES (not a decrypt key), TPM_RC_KEY (not asymmetric, or
    /// an unusable public key), TPM_RC_VALUE (the seed does not fit OAEP), no culprit attached.
    static func encryptSecret(to key: TPMObject, label: String, random: (Int) -> [UInt8]) throws(TPMError) -> (
        seed: [UInt8], secret: [UInt8]
    ) {
        guard key.attributes.contains(.decrypt) else { throw TPMError(.attributes) }
        guard let nameHash = key.nameHash else { throw TPMError(.hash) }
        switch key.publicArea.type {
        case .rsa:
            let seed = random(nameHash.digestSize)
            let rsa = try key.rsaPublicKey()
            do { return (seed, try rsa.encryptOAEP(seed, hash: nameHash, label: Array(label.utf8) + [0])) } catch {
                throw TPMError(.value)
            }
        case .ecc:
            guard case .ecc(let point) = key.publicArea.unique,
                case .ecc(_, _, let curveID, _) = key.publicArea.parameters,
                let curve = curveID.curve
            else { throw TPMError(.key) }
            do throws(CryptoError) {
                let ephemeral = try ECC.PrivateKey.derive(curve: curve, stream: random)
                let z = try ECC.multiply(
                    curve: curve, scalar: ephemeral.scalar, point: ECCPoint(x: point.x, y: point.y))
                let qe = ephemeral.publicKey.point
                let seed = EngineCrypto.kdfe(
                    nameHash, z: z.x, label: label, partyU: qe.x, partyV: point.x, bits: nameHash.digestSize * 8)
                var w = TPMWriter()
                w.write(TPMECCPoint(x: qe.x, y: qe.y))
                return (seed, w.bytes)
            } catch {
                throw TPMError(.key)
            }
        default:
            throw TPMError(.key)
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
