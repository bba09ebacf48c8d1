internal import COpenSSL

/// SM2 (GM/T 0003-2012, GB/T 32918) as a TPM 2.0 / TCM 2.0 uses it, on any curve though meant for
/// SM2 P-256 (the reference implementation does not tie the scheme to the curve either):
///
/// - signatures over the digest the caller gives (e = digest; ZA is the caller's, see `userHash`);
/// - encryption C1 ‖ C3 ‖ C2 with the GM/T KDF (`KDF.kdf2`) and C3 = H(x2 ‖ M ‖ y2), which is what
///   TPM2_ECC_Encrypt computes for every curve;
/// - the key-exchange product of GM/T 0003.3 for TPM2_ZGen_2Phase.
///
/// The arithmetic is OpenSSL's BIGNUM and EC_POINT; the nonce source is a parameter of internal
/// functions only, so the standard's fixed-k examples are reachable from tests alone.
public enum SM2 {
    /// The default user ID of GM/T 0009-2012 §10, "1234567812345678"; tpm2-tools uses it for ZA.
    public static let defaultID: [UInt8] = Array("1234567812345678".utf8)

    /// ZA = H(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) (GM/T 0003.2 §5.5), with ENTL the ID's length
    /// in bits as two bytes, so the ID is at most 8191 bytes (`.invalidInput` beyond).
    /// - Parameters:
    ///   - id: the signer's user ID (ID_A), at most 8191 bytes; `defaultID` when omitted.
    ///   - publicKey: the signer's public key; its curve supplies a, b, xG and yG.
    ///   - hash: the hash algorithm, SM3-256 when omitted.
    /// - Returns: ZA, a `hash` digest.
    public static func userHash(
        id: [UInt8] = defaultID, publicKey: ECC.PublicKey,
        hash: HashAlgorithm = .sm3_256
    ) throws(CryptoError) -> [UInt8] {
        guard id.count <= 8191 else { throw .invalidInput("an SM2 user ID is at most 8191 bytes") }
        let bits = UInt16(id.count * 8)
        let curve = publicKey.key.group.parameters
        return try Hash.digest(
            hash,
            [
                [UInt8(bits >> 8), UInt8(truncatingIfNeeded: bits)], id, curve.a, curve.b,
                curve.gX, curve.gY, publicKey.point.x, publicKey.point.y,
            ])
    }

    /// e = H(ZA ‖ M): the digest to hand a TPM when a GM/T signature over `message` is wanted.
    /// - Parameters:
    ///   - message: the message M to be signed.
    ///   - id: the signer's user ID (ID_A), at most 8191 bytes; `defaultID` when omitted.
    ///   - publicKey: the signer's public key, from which ZA is computed.
    ///   - hash: the hash algorithm for ZA and e, SM3-256 when omitted.
    /// - Returns: e, a `hash` digest.
    public static func messageDigest(
        _ message: [UInt8], id: [UInt8] = defaultID, publicKey: ECC.PublicKey,
        hash: HashAlgorithm = .sm3_256
    ) throws(CryptoError) -> [UInt8] {
        try Hash.digest(hash, [userHash(id: id, publicKey: publicKey, hash: hash), message])
    }

    /// Retries are for events of probability ≈ 2⁻²⁵⁶; a loop that long means a broken RNG.
    static let maximumAttempts = 64

    /// Where nonces come from: OpenSSL's private generator in production, a fixed k in tests.
    typealias NonceSource = @Sendable (ECGroup) throws(CryptoError) -> BigNumber

    static let randomNonce: NonceSource = { (group: ECGroup) throws(CryptoError) -> BigNumber in
        let k = BigNumber()
        repeat {
            guard BN_priv_rand_range(k.pointer, group.order.pointer) == 1 else {
                throw .openSSLFailure("BN_priv_rand_range")
            }
        } while k.isZero
        return k
    }

    /// x̄ = 2^w + (x mod 2^w) with w = ⌈bits(n)/2⌉ − 1 (GM/T 0003.3 §6.1 A4; the reference's avfSm2).
    static func associateValue(_ x: [UInt8], _ group: ECGroup) throws(CryptoError) -> BigNumber {
        try ECMQV.associateValue(x, bit: Int32((group.order.bitCount + 1) / 2 - 1))
    }
}

extension ECC.PrivateKey {
    /// SM2 signature of `digest` (GM/T 0003.2 §6.1 from step A4, e = digest): r and s padded to `keySize`.
    /// - Parameter digest: e, the digest to sign (e.g. from `SM2.messageDigest`), taken mod n.
    /// - Returns: r and s, each padded to `curve.keySize`.
    public func signSM2(digest: [UInt8]) throws(CryptoError) -> (r: [UInt8], s: [UInt8]) {
        try signSM2(digest: digest, nonce: SM2.randomNonce)
    }

    /// k·G → r = (e + x1) mod n, s = (1 + d)⁻¹·(k − r·d) mod n; a k giving r = 0, r + k = n or
    /// s = 0 is drawn again.
    func signSM2(digest: [UInt8], nonce: SM2.NonceSource) throws(CryptoError) -> (r: [UInt8], s: [UInt8]) {
        let group = key.group
        let n = group.order
        let e = try ECC.reduced(digest, modulo: group)
        let d = BigNumber(bytes: scalar)
        BN_set_flags(d.pointer, BN_FLG_CONSTTIME)
        let inverse = try d.adding(BigNumber(word: 1), modulo: n).inverse(modulo: n)
        for _ in 0..<SM2.maximumAttempts {
            let k = try nonce(group)
            BN_set_flags(k.pointer, BN_FLG_CONSTTIME)
            let x1 = try group.affine(group.multiply(generatorBy: k)).x
            let r = try e.adding(ECC.reduced(x1, modulo: group), modulo: n)
            let rPlusK = try r.adding(k, modulo: n)
            if r.isZero || rPlusK.isZero { continue }
            let s = try k.subtracting(r.multiplied(by: d, modulo: n), modulo: n).multiplied(by: inverse, modulo: n)
            if s.isZero { continue }
            return (r.bytes(padded: curve.keySize), s.bytes(padded: curve.keySize))
        }
        throw .openSSLFailure("SM2 found no usable nonce in \(SM2.maximumAttempts) draws")
    }

    /// SM2 decryption (GM/T 0003.4 §7.1) of C1, C2, C3 with `hash` for the KDF and C3.
    /// `.invalidKey` when C1 is not on the curve; `.decryptionFailed` when C3 does not match.
    /// - Parameters:
    ///   - c1: the point C1 = k·G.
    ///   - c2: the masked message C2.
    ///   - c3: the check value C3 = H(x2 ‖ M ‖ y2).
    ///   - hash: the hash algorithm for the KDF and C3.
    /// - Returns: the message M, as long as `c2`.
    public func decryptSM2(c1: ECCPoint, c2: [UInt8], c3: [UInt8], hash: HashAlgorithm) throws(CryptoError) -> [UInt8] {
        let shared = try sharedPoint(with: c1)
        let mask = try KDF.kdf2(hash, seed: shared.x + shared.y, bytes: c2.count)
        guard c2.isEmpty || mask.contains(where: { $0 != 0 }) else { throw .decryptionFailed }
        let message = zip(c2, mask).map { $0 ^ $1 }
        guard SecureBytes.equal(try Hash.digest(hash, [shared.x, message, shared.y]), c3) else {
            throw .decryptionFailed
        }
        return message
    }

    /// The SM2 key-exchange point of GM/T 0003.3 §6.1 (A4–A8) as TPM2_ZGen_2Phase returns it for
    /// TPM_ALG_SM2 (ms-tpm-20-ref SM2KeyExchange): this key is the static dsA, `ephemeral` deA;
    /// tA = (dsA + x̄(QeA)·deA) mod n and Z = [h·tA](QsB + [x̄(QeB)]QeB). The shared key is
    /// KDF(xZ ‖ yZ ‖ ZA ‖ ZB), the caller's step. `.invalidKey` for peer points off the curve or Z at infinity.
    /// - Parameters:
    ///   - deA: this side's ephemeral private scalar deA, big-endian; taken mod n.
    ///   - peerStatic: the other party's static public point QsB (TPM2_ZGen_2Phase inQsB).
    ///   - peerEphemeral: the other party's ephemeral public point QeB (TPM2_ZGen_2Phase inQeB).
    /// - Returns: Z, with coordinates padded to `curve.keySize`.
    public func sm2KeyExchangePoint(ephemeral deA: [UInt8], peerStatic: ECCPoint, peerEphemeral: ECCPoint)
        throws(CryptoError) -> ECCPoint
    {
        try twoPhaseProduct(
            ephemeral: deA, peerStatic: peerStatic, peerEphemeral: peerEphemeral, scheme: "SM2 key-exchange",
            scalar: { ds, de, qeA, group throws(CryptoError) in
                try ds.adding(
                    SM2.associateValue(qeA.x, group).multiplied(by: de, modulo: group.order), modulo: group.order)
            },
            point: { qsB, qeB, group throws(CryptoError) in
                try group.add(
                    qsB, group.multiply(generatorBy: nil, point: qeB, by: SM2.associateValue(peerEphemeral.x, group)))
            })
    }
}

extension ECC.PublicKey {
    /// SM2 verification (GM/T 0003.2 §7.1 from step B4, e = digest). r and s may omit leading zeros.
    /// - Parameters:
    ///   - r: the signature's r, big-endian.
    ///   - s: the signature's s, big-endian.
    ///   - digest: e, the digest that was signed.
    /// - Returns: true when the signature verifies; false for r or s outside [1, n−1] or a bad signature.
    public func isValidSM2Signature(r: [UInt8], s: [UInt8], digest: [UInt8]) -> Bool {
        let group = key.group
        let n = group.order
        let rBytes = Array(r.drop { $0 == 0 })
        let sBytes = Array(s.drop { $0 == 0 })
        guard rBytes.count <= curve.keySize, sBytes.count <= curve.keySize else { return false }
        let r = BigNumber(bytes: rBytes)
        let s = BigNumber(bytes: sBytes)
        guard !r.isZero, r < n, !s.isZero, s < n,
            let e = try? ECC.reduced(digest, modulo: group),
            let t = try? r.adding(s, modulo: n), !t.isZero,
            let x1 = try? group.affine(group.multiply(generatorBy: s, point: q, by: t)).x,
            let expected = try? e.adding(ECC.reduced(x1, modulo: group), modulo: n)
        else {
            OpenSSLErrors.discard()
            return false
        }
        return expected == r
    }

    /// SM2 encryption (GM/T 0003.4 §6.1) of `plaintext` with `hash` for the KDF and C3; C1 is
    /// padded to `keySize`, C2 has the plaintext's length, C3 the digest's.
    /// - Parameters:
    ///   - plaintext: the message M.
    ///   - hash: the hash algorithm for the KDF and C3.
    /// - Returns: C1, C2 and C3 as described above.
    public func encryptSM2(_ plaintext: [UInt8], hash: HashAlgorithm) throws(CryptoError) -> (
        c1: ECCPoint, c2: [UInt8], c3: [UInt8]
    ) {
        try encryptSM2(plaintext, hash: hash, nonce: SM2.randomNonce)
    }

    /// C1 = k·G, (x2, y2) = k·P, C2 = M ⊕ KDF(x2 ‖ y2), C3 = H(x2 ‖ M ‖ y2); an all-zero mask draws k again.
    func encryptSM2(_ plaintext: [UInt8], hash: HashAlgorithm, nonce: SM2.NonceSource) throws(CryptoError) -> (
        c1: ECCPoint, c2: [UInt8], c3: [UInt8]
    ) {
        let group = key.group
        for _ in 0..<SM2.maximumAttempts {
            let k = try nonce(group)
            BN_set_flags(k.pointer, BN_FLG_CONSTTIME)
            let c1 = try group.affine(group.multiply(generatorBy: k))
            let shared = try group.affine(group.multiply(generatorBy: nil, point: q, by: k))
            let mask = try KDF.kdf2(hash, seed: shared.x + shared.y, bytes: plaintext.count)
            if !plaintext.isEmpty, !mask.contains(where: { $0 != 0 }) { continue }
            let c2 = zip(plaintext, mask).map { $0 ^ $1 }
            return (c1, c2, try Hash.digest(hash, [shared.x, plaintext, shared.y]))
        }
        throw .openSSLFailure("SM2 found no usable nonce in \(SM2.maximumAttempts) draws")
    }
}
