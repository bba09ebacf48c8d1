import TPMTypes
import TrustCrypto

/// Signing and verifying with a loaded key under a chosen scheme (Part 1 §11.2, Part 3 §20).
enum SignatureSchemes {
    /// The scheme to use: the key's own, or the caller's when the key leaves it open
    /// (TPM_RC_SCHEME when both or neither give one that fits). A split scheme (ECDAA) needs the
    /// caller's: only it carries the commit counter, so its scheme and hash must match the key's
    /// and its count is kept (the reference implementation's CryptSelectSignScheme).
    static func resolve(key: TPMObject, requested: TPMScheme) throws(TPMError) -> TPMScheme {
        let own = key.publicArea.parameters.scheme
        if own.algorithm != .null {
            if requested.algorithm == .null, own.algorithm != .ecdaa { return own }
            guard requested.algorithm == own.algorithm, requested.hash == own.hash else { throw TPMError(.scheme) }
            return requested
        }
        guard requested.algorithm != .null else { throw TPMError(.scheme) }
        let allowed: [TPMAlgorithm]
        switch key.publicArea.type {
        case .rsa: allowed = [.rsassa, .rsapss]
        case .ecc: allowed = [.ecdsa, .ecdaa, .ecschnorr, .sm2]
        case .keyedHash: allowed = [.hmac]
        default: allowed = []
        }
        guard allowed.contains(requested.algorithm), requested.hash.hashAlgorithm != nil else {
            throw TPMError(.scheme)
        }
        return requested
    }

    /// Response codes beyond the scheme's: TPM_RC_VALUE for an ECDAA counter that names no
    /// unused commitment of this TPM Reset (never committed, or already used).
    static func sign(digest: [UInt8], key: TPMObject, scheme: TPMScheme, on tpm: TPMEngineState) throws(TPMError)
        -> TPMSignature
    {
        guard let hash = tpm.admittedHash(scheme.hash) else { throw TPMError(.hash) }
        do {
            switch scheme.algorithm {
            case .rsassa:
                return TPMSignature(
                    algorithm: .rsassa,
                    body: .rsa(
                        hash: scheme.hash, signature: try key.rsaPrivateKey().signPKCS1v15(digest: digest, hash: hash)))
            case .rsapss:
                return TPMSignature(
                    algorithm: .rsapss,
                    body: .rsa(
                        hash: scheme.hash, signature: try key.rsaPrivateKey().signPSS(digest: digest, hash: hash)))
            case .ecdsa:
                let (r, s) = try key.eccPrivateKey().signECDSA(digest: digest)
                return TPMSignature(algorithm: .ecdsa, body: .ecc(hash: scheme.hash, r: r, s: s))
            case .ecschnorr:
                let (r, s) = try key.eccPrivateKey().signSchnorr(digest: digest, hash: hash)
                return TPMSignature(algorithm: .ecschnorr, body: .ecc(hash: scheme.hash, r: r, s: s))
            case .sm2:
                let (r, s) = try key.eccPrivateKey().signSM2(digest: digest)
                return TPMSignature(algorithm: .sm2, body: .ecc(hash: scheme.hash, r: r, s: s))
            case .ecdaa:
                return try signECDAA(digest: digest, key: key, scheme: scheme, hash: hash, on: tpm)
            case .hmac:
                guard let sensitive = key.sensitive else { throw TPMError(.key) }
                return TPMSignature(
                    algorithm: .hmac,
                    body: .hmac(hash: scheme.hash, digest: EngineCrypto.hmac(hash, key: sensitive.sensitive, [digest])))
            default:
                throw TPMError(.scheme)
            }
        } catch let error as TPMError {
            throw error
        } catch {
            throw TPMError(.failure)
        }
    }

    /// The signing phase of an anonymous signature: r is the scalar TPM2_Commit used under this
    /// key's Name and the scheme's count; the count is spent only when signing succeeds.
    private static func signECDAA(
        digest: [UInt8], key: TPMObject, scheme: TPMScheme, hash: HashAlgorithm,
        on tpm: TPMEngineState
    ) throws -> TPMSignature {
        guard case .ecc(_, _, let curveID, _) = key.publicArea.parameters, let curve = curveID.curve else {
            throw TPMError(.key)
        }
        guard let r = tpm.commits.r(curve: curve, name: key.name, counter: scheme.extra) else { throw TPMError(.value) }
        let (nonce, s) = try key.eccPrivateKey().signECDAA(commitScalar: r, digest: digest, hash: hash)
        tpm.commits.end(scheme.extra)
        return TPMSignature(algorithm: .ecdaa, body: .ecc(hash: scheme.hash, r: nonce, s: s))
    }

    static func verify(_ signature: TPMSignature, digest: [UInt8], key: TPMObject, on tpm: TPMEngineState)
        throws(TPMError) -> Bool
    {
        guard let hash = tpm.admittedHash(signature.hash) else { throw TPMError(.hash) }
        switch (signature.algorithm, signature.body) {
        case (.rsassa, .rsa(_, let sig)):
            guard key.publicArea.type == .rsa else { throw TPMError(.scheme) }
            return try key.rsaPublicKey().isValidPKCS1v15Signature(sig, digest: digest, hash: hash)
        case (.rsapss, .rsa(_, let sig)):
            guard key.publicArea.type == .rsa else { throw TPMError(.scheme) }
            return try key.rsaPublicKey().isValidPSSSignature(sig, digest: digest, hash: hash)
        case (.ecdsa, .ecc(_, let r, let s)):
            guard key.publicArea.type == .ecc else { throw TPMError(.scheme) }
            return try key.eccPublicKey().isValidECDSASignature(r: r, s: s, digest: digest)
        case (.ecschnorr, .ecc(_, let r, let s)):
            guard key.publicArea.type == .ecc else { throw TPMError(.scheme) }
            return try key.eccPublicKey().isValidSchnorrSignature(r: r, s: s, digest: digest, hash: hash)
        case (.sm2, .ecc(_, let r, let s)):
            guard key.publicArea.type == .ecc else { throw TPMError(.scheme) }
            return try key.eccPublicKey().isValidSM2Signature(r: r, s: s, digest: digest)
        case (.hmac, .hmac(_, let mac)):
            guard key.publicArea.type == .keyedHash, let sensitive = key.sensitive else { throw TPMError(.scheme) }
            return SecureBytes.equal(mac, EngineCrypto.hmac(hash, key: sensitive.sensitive, [digest]))
        default:
            throw TPMError(.scheme)
        }
    }
}
