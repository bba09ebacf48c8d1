import TrustCrypto

/// The sending half of secret sharing (Part 1, "Secret Sharing"): a seed that only the owner
/// of a key's private half can recover. StartAuthSession's salt ("SECRET"), MakeCredential's
/// seed ("IDENTITY") and Duplicate's or Rewrap's ("DUPLICATE") travel this way, so the TPM,
/// a verifier and a client all call this one function.
public enum TPMSecretSharing {
    /// Why a seed could not be sealed to a key.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The key is not a decrypt key (TPM_RC_ATTRIBUTES).
        case notADecryptKey
        /// The key's nameAlg is not a hash this build implements (TPM_RC_HASH).
        case unknownNameAlgorithm
        /// The key is neither RSA nor ECC, or libcrypto cannot use its public part (or make an
        /// ephemeral key on its curve) (TPM_RC_KEY).
        case unusableKey
        /// OAEP encryption of the seed failed, as when it does not fit the key's size (TPM_RC_VALUE).
        case seedDoesNotFit
        /// libcrypto failed at something it should do.
        case crypto(CryptoError)

        public var description: String {
            switch self {
            case .notADecryptKey: return "the key is not a decrypt key"
            case .unknownNameAlgorithm: return "the key's name algorithm is not one this build implements"
            case .unusableKey: return "the key is neither a usable RSA nor a usable ECC key"
            case .seedDoesNotFit: return "OAEP encryption of the seed failed (does it fit the key's size?)"
            case .crypto(let error): return "libcrypto failed: \(error)"
            }
        }
    }

    /// A fresh seed of the key's nameAlg digest size, and the TPM2B_ENCRYPTED_SECRET contents
    /// that carry it (the reference's CryptSecretEncrypt): for RSA, OAEP under the nameAlg
    /// with `label` and its terminating zero; for ECC, a marshalled ephemeral point Q_e, with
    /// seed = KDFe(nameAlg, (d_e·Q_key).x, label, Q_e.x, Q_key.x).
    /// - Parameters:
    ///   - key: the public area of the key whose owner is to recover the seed.
    ///   - label: "SECRET", "IDENTITY" or "DUPLICATE".
    ///   - random: the source of the seed and of the ephemeral key.
    /// - Returns: the seed and the encrypted secret.
    public static func seal(to key: TPMPublic, label: String, random: (Int) -> [UInt8]) throws(Failure) -> (
        seed: [UInt8], secret: [UInt8]
    ) {
        guard key.attributes.contains(.decrypt) else { throw .notADecryptKey }
        guard let nameHash = key.nameAlg.hashAlgorithm else { throw .unknownNameAlgorithm }
        switch (key.unique, key.parameters) {
        case (.rsa(let modulus), .rsa(_, _, _, let exponent)):
            let seed = random(nameHash.digestSize)
            let rsa: RSA.PublicKey
            do { rsa = try RSA.PublicKey(modulus: modulus, exponent: exponent == 0 ? 65537 : exponent) } catch {
                throw .unusableKey
            }
            do { return (seed, try rsa.encryptOAEP(seed, hash: nameHash, label: Array(label.utf8) + [0])) } catch {
                throw .seedDoesNotFit
            }
        case (.ecc(let point), .ecc(_, _, let curveID, _)):
            guard let curve = curveID.curve else { throw .unusableKey }
            let shared: ECCPoint
            let ephemeral: ECC.PrivateKey
            do {
                ephemeral = try ECC.PrivateKey.derive(curve: curve, stream: random)
                shared = try ECC.multiply(
                    curve: curve, scalar: ephemeral.scalar, point: ECCPoint(x: point.x, y: point.y))
            } catch {
                throw .unusableKey
            }
            let qe = ephemeral.publicKey.point
            do throws(CryptoError) {
                let seed = try KDF.kdfe(
                    nameHash, z: shared.x, label: label, partyU: qe.x, partyV: point.x, bits: nameHash.digestSize * 8)
                return (seed, TPMECCPoint(x: qe.x, y: qe.y).marshalled)
            } catch {
                throw .crypto(error)
            }
        default:
            throw .unusableKey
        }
    }
}
