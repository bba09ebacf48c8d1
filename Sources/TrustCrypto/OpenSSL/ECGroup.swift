internal import COpenSSL

/// Owns one `EC_GROUP` and the values derived from it. Groups are immutable once built, and
/// building one (especially BN P-256 from its parameters) costs far more than a key operation, so
/// each curve's group is built once per process and shared: OpenSSL only reads a group it is given.
final class ECGroup: @unchecked Sendable {
    // Safe: every field is immutable after init, and OpenSSL only reads the group and the BIGNUMs it is given.
    let pointer: OpaquePointer
    let curve: ECCCurve
    /// n, the order of G.
    let order: BigNumber
    /// p, the field prime; coordinates must be below it.
    let field: BigNumber
    let parameters: ECCCurveParameters

    private static let nistP192 = ECGroup(.nistP192)
    private static let nistP224 = ECGroup(.nistP224)
    private static let nistP256 = ECGroup(.nistP256)
    private static let nistP384 = ECGroup(.nistP384)
    private static let nistP521 = ECGroup(.nistP521)
    private static let bnP256 = ECGroup(.bnP256)
    private static let bnP638 = ECGroup(.bnP638)
    private static let sm2P256 = ECGroup(.sm2P256)

    static func of(_ curve: ECCCurve) throws(CryptoError) -> ECGroup {
        let group =
            switch curve {
            case .nistP192: nistP192
            case .nistP224: nistP224
            case .nistP256: nistP256
            case .nistP384: nistP384
            case .nistP521: nistP521
            case .bnP256: bnP256
            case .bnP638: bnP638
            case .sm2P256: sm2P256
            }
        guard let group else { throw .unsupported("this libcrypto has no \(curve) curve") }
        return group
    }

    private init?(_ curve: ECCCurve) {
        let made: OpaquePointer? =
            switch curve {
            case .nistP192: EC_GROUP_new_by_curve_name(NID_X9_62_prime192v1)
            case .nistP224: EC_GROUP_new_by_curve_name(NID_secp224r1)
            case .nistP256: EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1)
            case .nistP384: EC_GROUP_new_by_curve_name(NID_secp384r1)
            case .nistP521: EC_GROUP_new_by_curve_name(NID_secp521r1)
            case .sm2P256: EC_GROUP_new_by_curve_name(NID_sm2)
            case .bnP256:
                Self.makeBN(
                    p: "FFFFFFFFFFFCF0CD46E5F25EEE71A49F0CDC65FB12980A82D3292DDBAED33013",
                    n: "FFFFFFFFFFFCF0CD46E5F25EEE71A49E0CDC65FB1299921AF62D536CD10B500D",
                    b: 3, gX: "01", gY: 2)
            case .bnP638:
                Self.makeBN(p: Self.bnP638Prime, n: Self.bnP638Order, b: 257, gX: Self.bnP638GeneratorX, gY: 16)
            }
        guard let made else {
            OpenSSLErrors.discard()
            return nil
        }
        pointer = made
        self.curve = curve
        let ctx = BigNumberContext()
        let p = BigNumber()
        let a = BigNumber()
        let b = BigNumber()
        let gX = BigNumber()
        let gY = BigNumber()
        guard EC_GROUP_get_curve(made, p.pointer, a.pointer, b.pointer, ctx.pointer) == 1,
            let generator = EC_GROUP_get0_generator(made),
            EC_POINT_get_affine_coordinates(made, generator, gX.pointer, gY.pointer, ctx.pointer) == 1,
            let n = EC_GROUP_get0_order(made), let orderCopy = BN_dup(n),
            let h = EC_GROUP_get0_cofactor(made), let cofactor = BN_dup(h)
        else {
            fatalError("reading the parameters of \(curve): \(CryptoError.openSSLFailure("EC_GROUP_get_curve"))")
        }
        order = BigNumber(owning: orderCopy)
        field = p
        let size = curve.keySize
        parameters = ECCCurveParameters(
            p: p.bytes(padded: size), a: a.bytes(padded: size), b: b.bytes(padded: size),
            gX: gX.bytes(padded: size), gY: gY.bytes(padded: size), n: order.bytes(padded: size),
            h: BigNumber(owning: cofactor).minimalBytes)
    }

    deinit {
        EC_GROUP_free(pointer)
    }

    /// TPM_ECC_BN_P638's p, n and the x of G, which is p − 1 (TCG Algorithm Registry).
    private static let bnP638Prime: StaticString =
        "23FFFFFDC000000D7FFFFFB8000001D3FFFFF942D000165E3FFF94870000D52FFFFDD0E00008DE55C00086520021E55BFFFFF51FFFF4EB800000004C80015ACDFFFFFFFFFFFFECE00000000000000067"
    private static let bnP638Order: StaticString =
        "23FFFFFDC000000D7FFFFFB8000001D3FFFFF942D000165E3FFF94870000D52FFFFDD0E00008DE55600086550021E555FFFFF54FFFF4EAC000000049800154D9FFFFFFFFFFFFEDA00000000000000061"
    private static let bnP638GeneratorX: StaticString =
        "23FFFFFDC000000D7FFFFFB8000001D3FFFFF942D000165E3FFF94870000D52FFFFDD0E00008DE55C00086520021E55BFFFFF51FFFF4EB800000004C80015ACDFFFFFFFFFFFFECE00000000000000066"

    /// The BN curves are no named curves in OpenSSL; build them from the TCG Algorithm Registry
    /// values: y² = x³ + b over the BN prime p, base point G of prime order n, cofactor 1
    /// (BN P-256: b = 3, G = (1, 2); BN P-638: b = 257, G = (p − 1, 16)).
    private static func makeBN(
        p pHex: StaticString, n nHex: StaticString, b bWord: UInt, gX gXHex: StaticString, gY gYWord: UInt
    ) -> OpaquePointer? {
        let p = BigNumber(bytes: hex(pHex))
        let n = BigNumber(bytes: hex(nHex))
        let gX = BigNumber(bytes: hex(gXHex))
        let a = BigNumber(word: 0)
        let b = BigNumber(word: bWord)
        let gY = BigNumber(word: gYWord)
        let h = BigNumber(word: 1)
        let ctx = BigNumberContext()
        guard let group = EC_GROUP_new_curve_GFp(p.pointer, a.pointer, b.pointer, ctx.pointer) else { return nil }
        guard let generator = EC_POINT_new(group) else {
            EC_GROUP_free(group)
            return nil
        }
        defer { EC_POINT_free(generator) }
        guard EC_POINT_set_affine_coordinates(group, generator, gX.pointer, gY.pointer, ctx.pointer) == 1,
            EC_GROUP_set_generator(group, generator, n.pointer, h.pointer) == 1
        else {
            EC_GROUP_free(group)
            return nil
        }
        return group
    }

    private static func hex(_ text: StaticString) -> [UInt8] {
        var bytes: [UInt8] = []
        var high: UInt8?
        for char in text.withUTF8Buffer(Array.init) {
            let nibble = char <= 0x39 ? char - 0x30 : char - 0x37
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    /// Whether the domain parameters are sound (SP 800-186 §3 style checks): p and n prime, a
    /// nonsingular curve, G on it with n·G the point at infinity. Built-in curves come from OpenSSL;
    /// this is what vouches for the ones built here from published values (the BN curves).
    func isValid() throws(CryptoError) -> Bool {
        let ctx = BigNumberContext()
        guard try PrimeSearch.isProbablePrime(field, rounds: 64, ctx: ctx),
            try PrimeSearch.isProbablePrime(order, rounds: 64, ctx: ctx)
        else { return false }
        let valid = EC_GROUP_check(pointer, ctx.pointer) == 1
        OpenSSLErrors.discard()
        return valid
    }

    /// Bytes in the order n: the width of scalars and of EC-Schnorr's x-coordinate encoding.
    var orderBytes: Int { order.byteCount }

    /// Loads an affine point after checking what OpenSSL would not: each coordinate must be below p
    /// (OpenSSL reduces larger values silently), then the point must satisfy the curve equation.
    /// With cofactor 1 on every TPM curve, that is full public-key validation (SP 800-56A §5.6.2.3.3).
    func point(_ p: ECCPoint) throws(CryptoError) -> ECPointBox {
        let xBytes = Array(p.x.drop { $0 == 0 })
        let yBytes = Array(p.y.drop { $0 == 0 })
        guard xBytes.count <= curve.keySize, yBytes.count <= curve.keySize else {
            throw .invalidKey("a coordinate is longer than \(curve.keySize) bytes")
        }
        let x = BigNumber(bytes: xBytes)
        let y = BigNumber(bytes: yBytes)
        guard x < field, y < field else { throw .invalidKey("a coordinate is not below the field prime of \(curve)") }
        let point = ECPointBox(self)
        let ctx = BigNumberContext()
        guard EC_POINT_set_affine_coordinates(pointer, point.pointer, x.pointer, y.pointer, ctx.pointer) == 1,
            EC_POINT_is_on_curve(pointer, point.pointer, ctx.pointer) == 1
        else {
            OpenSSLErrors.discard()
            throw .invalidKey("the point is not on \(curve)")
        }
        return point
    }

    /// Affine coordinates padded to `keySize`; throws for the point at infinity, which has none.
    func affine(_ point: ECPointBox) throws(CryptoError) -> ECCPoint {
        guard EC_POINT_is_at_infinity(pointer, point.pointer) == 0 else {
            throw .invalidInput("the result is the point at infinity")
        }
        let x = BigNumber()
        let y = BigNumber()
        let ctx = BigNumberContext()
        guard EC_POINT_get_affine_coordinates(pointer, point.pointer, x.pointer, y.pointer, ctx.pointer) == 1 else {
            throw .openSSLFailure("EC_POINT_get_affine_coordinates")
        }
        return ECCPoint(x: x.bytes(padded: curve.keySize), y: y.bytes(padded: curve.keySize))
    }

    /// P + Q (for MQV's QeB + avf(QeB)·QsB, which is no multiple of G).
    func add(_ p: ECPointBox, _ q: ECPointBox) throws(CryptoError) -> ECPointBox {
        let result = ECPointBox(self)
        let ctx = BigNumberContext()
        guard EC_POINT_add(pointer, result.pointer, p.pointer, q.pointer, ctx.pointer) == 1 else {
            throw .openSSLFailure("EC_POINT_add")
        }
        return result
    }

    /// g·G + m·Q (either term may be absent): one call, so OpenSSL can share the doublings.
    func multiply(generatorBy g: BigNumber?, point q: ECPointBox? = nil, by m: BigNumber? = nil) throws(CryptoError)
        -> ECPointBox
    {
        let result = ECPointBox(self)
        let ctx = BigNumberContext()
        guard EC_POINT_mul(pointer, result.pointer, g?.pointer, q?.pointer, m?.pointer, ctx.pointer) == 1 else {
            throw .openSSLFailure("EC_POINT_mul")
        }
        return result
    }
}
