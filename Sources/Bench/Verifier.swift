import TPM2
import TPMTypes
import TrustCrypto

/// What a remote verifier does with what the TPM returns, written from the spec on the
/// verifier's side so the bench checks the TPM rather than trusting it.
enum Verifier {
    /// TPMS_ATTEST (Part 2 §10.12.12), the fields a verifier looks at.
    struct Attest {
        var magic: UInt32
        var type: UInt16
        var qualifiedSigner: [UInt8]
        var extraData: [UInt8]
        var clock: UInt64
        var resetCount: UInt32
        var restartCount: UInt32
        var safe: Bool
        var firmwareVersion: UInt64
        /// The type-specific part (TPMU_ATTEST), unparsed.
        var attested: [UInt8]

        init(_ bytes: [UInt8]) throws(CaseFailure) {
            var r = TPMReader(bytes)
            do throws(TPMError) {
                magic = try r.read()
                type = try r.read()
                qualifiedSigner = try r.readSized(max: 70)
                extraData = try r.readSized(max: 64)
                clock = try r.read()
                resetCount = try r.read()
                restartCount = try r.read()
                safe = try r.read(UInt8.self) == 1
                firmwareVersion = try r.read()
                attested = r.readRest()
            } catch {
                throw CaseFailure("the TPMS_ATTEST is cut short (\(bytes.count) bytes)")
            }
            guard magic == 0xFF54_4347 else {
                throw CaseFailure("TPMS_ATTEST magic is 0x\(String(magic, radix: 16)), not TPM_GENERATED_VALUE")
            }
        }

        /// TPMS_QUOTE_INFO: the PCR selection and the digest of the selected PCRs.
        func quoteInfo() throws(CaseFailure) -> (selection: TPMPCRSelectionList, pcrDigest: [UInt8]) {
            var r = TPMReader(attested)
            do throws(TPMError) {
                return (try TPMPCRSelectionList(from: &r), try r.readSized(max: 64))
            } catch {
                throw CaseFailure("TPMS_QUOTE_INFO does not parse")
            }
        }

        /// TPMS_CERTIFY_INFO: the certified object's Name and qualified Name.
        func certifyInfo() throws(CaseFailure) -> (name: [UInt8], qualifiedName: [UInt8]) {
            var r = TPMReader(attested)
            do throws(TPMError) { return (try r.readSized(max: 70), try r.readSized(max: 70)) } catch {
                throw CaseFailure("TPMS_CERTIFY_INFO does not parse")
            }
        }
    }

    /// Has the TPM sign `message` with `key` (the digest in the key's scheme hash) and checks
    /// the signature in software.
    static func signAndVerify(_ tpm: BenchTPM, key: LoadedKey, message: [UInt8]) throws {
        let hash = key.publicArea.parameters.scheme.hash.hashAlgorithm ?? .sha256
        try verify(try tpm.sign(key.handle, digest: Hash.digest(hash, message)), over: message, by: key.publicArea)
    }

    /// Checks `signature` over `message` with the signer's public area, in software.
    static func verify(_ signature: TPMSignature, over message: [UInt8], by signer: TPMPublic) throws(CaseFailure) {
        let valid: Bool
        do {
            switch (signature.body, signer.unique) {
            case (.ecc(let hash, let r, let s), .ecc(let point)):
                guard case .ecc(_, _, let curveID, _) = signer.parameters, let curve = curveID.curve,
                    let alg = hash.hashAlgorithm
                else {
                    throw CaseFailure("the signer's curve or hash is not one the verifier knows")
                }
                let key = try ECC.PublicKey(curve: curve, point: ECCPoint(x: point.x, y: point.y))
                let digest = try Hash.digest(alg, message)
                valid =
                    signature.algorithm == .sm2
                    ? key.isValidSM2Signature(r: r, s: s, digest: digest)
                    : key.isValidECDSASignature(r: r, s: s, digest: digest)
            case (.rsa(let hash, let bytes), .rsa(let modulus)):
                guard case .rsa(_, _, _, let exponent) = signer.parameters, let alg = hash.hashAlgorithm else {
                    throw CaseFailure("the signer's parameters are not RSA")
                }
                let key = try RSA.PublicKey(modulus: modulus, exponent: exponent == 0 ? 65537 : exponent)
                let digest = try Hash.digest(alg, message)
                valid =
                    signature.algorithm == .rsapss
                    ? key.isValidPSSSignature(bytes, digest: digest, hash: alg)
                    : key.isValidPKCS1v15Signature(bytes, digest: digest, hash: alg)
            default:
                throw CaseFailure(
                    "signature algorithm 0x\(String(signature.algorithm.rawValue, radix: 16)) does not fit the signer's key"
                )
            }
        } catch let failure as CaseFailure {
            throw failure
        } catch {
            throw CaseFailure("the signer's public key is not usable: \(error)")
        }
        guard valid else { throw CaseFailure("the signature does not verify with the signer's public key") }
    }

    /// TPM2_MakeCredential done by the verifier (Part 1 §24): a seed sent to the EK — RSA-OAEP
    /// with label "IDENTITY" for an RSA EK, an ephemeral ECDH and KDFe for an ECC EK (Part 1
    /// Annex C.6.4) — and the credential encrypted and integrity-protected under keys derived from
    /// the seed and the activated key's Name. Returns credentialBlob and secret.
    static func makeCredential(_ credential: [UInt8], for objectName: [UInt8], ek: TPMPublic) throws(CaseFailure) -> (
        blob: [UInt8], secret: [UInt8]
    ) {
        let symmetric = ek.parameters.symmetric
        guard let nameAlg = ek.nameAlg.hashAlgorithm, let cipher = symmetric.algorithm.symmetricAlgorithm else {
            throw CaseFailure("the EK's nameAlg or symmetric algorithm is not one the verifier knows")
        }
        let seed: [UInt8]
        let secret: [UInt8]
        do throws(TPMSecretSharing.Failure) {
            (seed, secret) = try TPMSecretSharing.seal(to: ek, label: "IDENTITY", random: SecureBytes.random)
        } catch {
            throw CaseFailure("the EK cannot receive a credential: \(error)")
        }
        do {
            let symmetricKey = try KDF.kdfa(
                nameAlg, key: seed, label: "STORAGE", contextU: objectName, contextV: [],
                bits: Int(symmetric.keyBits))
            var plain = TPMWriter()
            plain.writeSized(credential)
            let encrypted = try SymmetricCipher.encrypt(
                cipher, mode: .cfb, key: symmetricKey,
                iv: [UInt8](repeating: 0, count: cipher.blockSize), data: plain.bytes
            ).output
            let hmacKey = try KDF.kdfa(
                nameAlg, key: seed, label: "INTEGRITY", contextU: [], contextV: [], bits: nameAlg.digestSize * 8)
            let integrity = try HMAC.authenticationCode(nameAlg, key: hmacKey, data: encrypted + objectName)
            var blob = TPMWriter()
            blob.writeSized(integrity)
            blob.write(bytes: encrypted)
            return (blob.bytes, secret)
        } catch {
            throw CaseFailure("MakeCredential in software failed: \(error)")
        }
    }
}
