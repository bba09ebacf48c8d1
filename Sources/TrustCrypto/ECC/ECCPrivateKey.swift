internal import COpenSSL

extension ECC {
    /// An elliptic-curve private key d with its public point Q = d·G.
    public struct PrivateKey: Sendable {
        public let curve: ECCCurve
        /// d, big-endian, exactly `curve.keySize` bytes.
        public let scalar: [UInt8]
        public let publicKey: PublicKey

        /// A random key: d uniform in [1, n−1] from OpenSSL's private generator.
        /// - Parameter curve: the curve of the new key.
        /// - Returns: the new key, d and Q = d·G.
        public static func generate(curve: ECCCurve) throws(CryptoError) -> PrivateKey {
            let group = try ECGroup.of(curve)
            let d = BigNumber()
            repeat {
                guard BN_priv_rand_range(d.pointer, group.order.pointer) == 1 else {
                    throw .openSSLFailure("BN_priv_rand_range")
                }
            } while d.isZero
            return try PrivateKey(group: group, d: d)
        }

        /// From a big-endian scalar; rejects 0 and values ≥ n with `.invalidKey`.
        /// - Parameters:
        ///   - curve: the curve of the key.
        ///   - scalar: d, big-endian; leading zero bytes are ignored.
        public init(curve: ECCCurve, scalar: [UInt8]) throws(CryptoError) {
            let group = try ECGroup.of(curve)
            let significant = Array(scalar.drop { $0 == 0 })
            guard significant.count <= curve.keySize else {
                throw .invalidKey("the scalar is longer than \(curve.keySize) bytes")
            }
            let d = BigNumber(bytes: significant)
            guard !d.isZero, d < group.order else { throw .invalidKey("the scalar is not in [1, n−1]") }
            try self.init(group: group, d: d)
        }

        /// The TPM's deterministic derivation: c = `stream(keySize + 8)` (64 bits more than the
        /// curve, so the reduction bias is negligible), d = (c mod (n − 1)) + 1, as FIPS 186-4 B.4.1
        /// "key pair generation using extra random bits" specifies. Throws `.invalidInput` when the
        /// stream returns a different count.
        /// - Parameters:
        ///   - curve: the curve of the key.
        ///   - stream: returns the number of key-stream bytes asked for (e.g. KDFa output); called once.
        /// - Returns: the derived key; the same stream gives the same key.
        public static func derive(curve: ECCCurve, stream: (Int) -> [UInt8]) throws(CryptoError) -> PrivateKey {
            let group = try ECGroup.of(curve)
            let wanted = curve.keySize + 8
            let c = stream(wanted)
            guard c.count == wanted else {
                throw .invalidInput("key stream returned \(c.count) bytes; \(wanted) were asked for")
            }
            let one = BigNumber(word: 1)
            let d = try BigNumber(bytes: c).divided(by: group.order.subtracting(one)).remainder.adding(one)
            return try PrivateKey(group: group, d: d)
        }

        /// d already checked to lie in [1, n−1].
        private init(group: ECGroup, d: BigNumber) throws(CryptoError) {
            BN_set_flags(d.pointer, BN_FLG_CONSTTIME)
            let q = try group.multiply(generatorBy: d)
            curve = group.curve
            scalar = d.bytes(padded: group.curve.keySize)
            publicKey = try PublicKey(group: group, q: q, privateScalar: d)
        }

        /// The `EC_KEY` holding d as well as Q.
        var key: ECKey { publicKey.key }

        /// ECDH (SP 800-56A §5.7.1.2 with cofactor 1): the full point d·Q, as TPM2_ECDH_ZGen returns
        /// it; Z is its x-coordinate. Throws `.invalidKey` when Q is not a valid point of this curve.
        /// - Parameter peer: the other party's public point Q (e.g. TPM2_ECDH_ZGen's inPoint).
        /// - Returns: d·Q, with coordinates padded to `curve.keySize`.
        public func sharedPoint(with peer: ECCPoint) throws(CryptoError) -> ECCPoint {
            let group = key.group
            let q = try group.point(peer)
            let d = BigNumber(bytes: scalar)
            BN_set_flags(d.pointer, BN_FLG_CONSTTIME)
            do {
                return try group.affine(group.multiply(generatorBy: nil, point: q, by: d))
            } catch .invalidInput {
                throw .invalidKey("the peer point gives the point at infinity")
            }
        }
    }
}
