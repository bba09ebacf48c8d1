extension ECC {
    /// An elliptic-curve public key (TPMS_ECC_POINT with its curve).
    public struct PublicKey: Sendable, Equatable {
        public let curve: ECCCurve
        /// Q, with coordinates padded to `curve.keySize`.
        public let point: ECCPoint
        let key: ECKey
        let q: ECPointBox

        /// Validates Q (coordinates below p, on the curve; `.invalidKey` otherwise) and loads it.
        /// - Parameters:
        ///   - curve: the curve Q must lie on.
        ///   - point: Q; coordinates may omit leading zero bytes.
        public init(curve: ECCCurve, point: ECCPoint) throws(CryptoError) {
            let group = try ECGroup.of(curve)
            let q = try group.point(point)
            try self.init(group: group, q: q, privateScalar: nil)
        }

        /// For private keys, which validate their own point and share its `EC_KEY`.
        init(group: ECGroup, q: ECPointBox, privateScalar: BigNumber?) throws(CryptoError) {
            curve = group.curve
            point = try group.affine(q)
            key = try ECKey(group: group, publicPoint: q, privateScalar: privateScalar)
            self.q = q
        }

        public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
            lhs.curve == rhs.curve && lhs.point == rhs.point
        }

        /// SubjectPublicKeyInfo PEM (RFC 5480) naming the curve by OID. The BN curves have no OID in
        /// OpenSSL, so it throws `.unsupported`.
        /// - Returns: the key as a PEM "PUBLIC KEY" (SubjectPublicKeyInfo) block.
        public func pem() throws(CryptoError) -> String {
            let encoded = [0x04] + point.x + point.y  // SEC 1 §2.3.3 uncompressed point
            let pkey: OpenSSLKey
            switch curve {
            case .nistP192: pkey = try Self.named("EC", group: "prime192v1", encoded)
            case .nistP224: pkey = try Self.named("EC", group: "secp224r1", encoded)
            case .nistP256: pkey = try Self.named("EC", group: "prime256v1", encoded)
            case .nistP384: pkey = try Self.named("EC", group: "secp384r1", encoded)
            case .nistP521: pkey = try Self.named("EC", group: "secp521r1", encoded)
            case .sm2P256: pkey = try Self.named("SM2", group: "SM2", encoded)
            case .bnP256, .bnP638: throw .unsupported("the BN curves have no OID for a SubjectPublicKeyInfo")
            }
            return try pkey.publicKeyPEM()
        }

        private static func named(_ type: StaticString, group: StaticString, _ encoded: [UInt8]) throws(CryptoError)
            -> OpenSSLKey
        {
            try OpenSSLKey.fromData(type: type, selection: OpenSSLKey.publicSelection) { builder throws(CryptoError) in
                try builder.push("group", utf8: group)
                try builder.push("pub", octets: encoded)
            }
        }
    }
}
