import Testing

@testable import TrustCrypto

@Suite("ECC")
struct ECCTests {
    /// NIST CAVP SigVer.rsp (FIPS 186-3), [P-256,SHA-256]: two records with Result = P, one with F.
    @Test("CAVP P-256 ECDSA verification")
    func cavpSignatures() throws {
        let passing = [
            (
                """
                e1130af6a38ccb412a9c8d13e15dbfc9e69a16385af3c3f1e5da954fd5e7c45fd75e2b8c36699228e92840c0562fbf37
                72f07e17f1add56588dd45f7450e1217ad239922dd9c32695dc71ff2424ca0dec1321aa47064a044b7fe3c2b97d03ce4
                70a592304c5ef21eed9f93da56bb232d1eeb0035f9bf0dfafdcc4606272b20a3
                """,
                "e424dc61d4bb3cb7ef4344a7f8957a0c5134e16f7a67c074f82e6e12f49abf3c",
                "970eed7aa2bc48651545949de1dddaf0127e5965ac85d1243d6f60e7dfaee927",
                "bf96b99aa49c705c910be33142017c642ff540c76349b9dab72f981fd9347f4f",
                "17c55095819089c2e03b9cd415abdf12444e323075d98f31920b9e0f57ec871c"
            ),
            (
                """
                73c5f6a67456ae48209b5f85d1e7de7758bf235300c6ae2bdceb1dcb27a7730fb68c950b7fcada0ecc4661d3578230f2
                25a875e69aaa17f1e71c6be5c831f22663bac63d0c7a9635edb0043ff8c6f26470f02a7bc56556f1437f06dfa27b487a
                6c4290d8bad38d4879b334e341ba092dde4e4ae694a9c09302e2dbf443581c08
                """,
                "e0fc6a6f50e1c57475673ee54e3a57f9a49f3328e743bf52f335e3eeaa3d2864",
                "7f59d689c91e463607d9194d99faf316e25432870816dde63f5d4b373f12f22a",
                "1d75830cd36f4c9aa181b2c4221e87f176b7f05b7c87824e82e396c88315c407",
                "cb2acb01dac96efc53a32d4a0d85d0c2e48955214783ecf50a4f0414a319c05a"
            ),
        ]
        for (message, qx, qy, r, s) in passing {
            let key = try ECC.PublicKey(curve: .nistP256, point: ECCPoint(x: hex(qx), y: hex(qy)))
            let digest = try Hash.digest(.sha256, hex(message))
            #expect(key.isValidECDSASignature(r: hex(r), s: hex(s), digest: digest))
            #expect(!key.isValidECDSASignature(r: hex(s), s: hex(r), digest: digest))
        }
        // Result = F (S changed).
        let failing = try ECC.PublicKey(
            curve: .nistP256,
            point: ECCPoint(
                x: hex("87f8f2b218f49845f6f10eec3877136269f5c1a54736dbdf69f89940cad41555"),
                y: hex("e15f369036f49842fac7a86c8a2b0557609776814448b8f5e84aa9f4395205e9")))
        let message = hex(
            """
            e4796db5f785f207aa30d311693b3702821dff1168fd2e04c0836825aefd850d9aa60326d88cde1a23c7745351392ca2
            288d632c264f197d05cd424a30336c19fd09bb229654f0222fcb881a4b35c290a093ac159ce13409111ff0358411133c
            24f5b8e2090d6db6558afc36f06ca1f6ef779785adba68db27a409859fc4c4a0
            """)
        #expect(
            try !failing.isValidECDSASignature(
                r: hex("d19ff48b324915576416097d2544f7cbdf8768b1454ad20e0baac50e211f23b0"),
                s: hex("a3e81e59311cdfff2d4784949f7a2cb50ba6c3a91fa54710568e61aca3e847c6"),
                digest: Hash.digest(.sha256, message)))
    }

    /// NIST CAVP ECC CDH Primitive (KAS_ECC_CDH_PrimitiveTest.txt), [P-256] COUNT = 0.
    @Test("CAVP P-256 ECDH")
    func cavpECDH() throws {
        let key = try ECC.PrivateKey(
            curve: .nistP256, scalar: hex("7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534"))
        let peer = ECCPoint(
            x: hex("700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287"),
            y: hex("db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac"))
        let z = try key.sharedPoint(with: peer)
        #expect(z.x == hex("46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b"))
        #expect(ECC.isOnCurve(curve: .nistP256, point: z))
    }

    /// RFC 6979 A.2.5 and A.2.6: private keys with their published public points.
    @Test("public point from a scalar (RFC 6979 keys)")
    func publicFromScalar() throws {
        let p256 = try ECC.PrivateKey(
            curve: .nistP256, scalar: hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"))
        #expect(
            p256.publicKey.point
                == ECCPoint(
                    x: hex("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"),
                    y: hex("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299")))
        let p384 = try ECC.PrivateKey(
            curve: .nistP384,
            scalar: hex(
                """
                6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D896D5724E4C70A825F872C9EA60D2EDF5
                """))
        #expect(
            p384.publicKey.point
                == ECCPoint(
                    x: hex(
                        "EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64DEF8F0EA9055866064A254515480BC13"
                    ),
                    y: hex(
                        "8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1288B231C3AE0D4FE7344FD2533264720"
                    )))
    }

    @Test("ECDSA sign and verify", arguments: ECCCurve.allCases)
    func ecdsa(curve: ECCCurve) throws {
        let key = try ECC.PrivateKey.generate(curve: curve)
        #expect(key.scalar.count == curve.keySize)
        #expect(key.publicKey.point.x.count == curve.keySize && key.publicKey.point.y.count == curve.keySize)
        for hash in [HashAlgorithm.sha256, .sha512] {
            let digest = try Hash.digest(hash, Array("quote".utf8))
            let (r, s) = try key.signECDSA(digest: digest)
            #expect(r.count == curve.keySize && s.count == curve.keySize)
            #expect(key.publicKey.isValidECDSASignature(r: r, s: s, digest: digest))
            var tampered = digest
            tampered[0] ^= 1
            #expect(!key.publicKey.isValidECDSASignature(r: r, s: s, digest: tampered))
            #expect(!key.publicKey.isValidECDSASignature(r: s, s: r, digest: digest))
            #expect(!key.publicKey.isValidECDSASignature(r: [], s: s, digest: digest))
            #expect(try !key.publicKey.isValidECDSASignature(r: curve.parameters.n, s: s, digest: digest))
        }
    }

    @Test("EC-Schnorr sign and verify", arguments: ECCCurve.allCases)
    func schnorr(curve: ECCCurve) throws {
        let key = try ECC.PrivateKey.generate(curve: curve)
        for hash in [HashAlgorithm.sha256, .sha384, .sha512, .sm3_256] {
            let digest = try Hash.digest(hash, Array("certify".utf8))
            let (r, s) = try key.signSchnorr(digest: digest, hash: hash)
            #expect(r.count == curve.keySize && s.count == curve.keySize)
            #expect(key.publicKey.isValidSchnorrSignature(r: r, s: s, digest: digest, hash: hash))
            var tamperedS = s
            tamperedS[curve.keySize - 1] ^= 1
            #expect(!key.publicKey.isValidSchnorrSignature(r: r, s: tamperedS, digest: digest, hash: hash))
            #expect(!key.publicKey.isValidSchnorrSignature(r: r, s: s, digest: Array(digest.reversed()), hash: hash))
            #expect(
                !key.publicKey.isValidSchnorrSignature(
                    r: r, s: s, digest: digest, hash: hash == .sha256 ? .sha384 : .sha256))
            #expect(!key.publicKey.isValidECDSASignature(r: r, s: s, digest: digest))
        }
        let other = try ECC.PrivateKey.generate(curve: curve)
        let digest = try Hash.digest(.sha256, [1])
        let (r, s) = try key.signSchnorr(digest: digest, hash: .sha256)
        #expect(!other.publicKey.isValidSchnorrSignature(r: r, s: s, digest: digest, hash: .sha256))
    }

    /// The signing equation undone by hand: k = s − r·d mod n must give R = k·G with
    /// r = H(R.x ‖ digest) cut to the order's byte length (Part 1 §C.5), for every curve and for
    /// hashes longer (SHA-512, cut) and shorter (SHA-256 on P-384/P-521, not cut) than the order.
    @Test("EC-Schnorr equation, recomputed from the private key", arguments: ECCCurve.allCases)
    func schnorrEquation(curve: ECCCurve) throws {
        let key = try ECC.PrivateKey.generate(curve: curve)
        let n = BigNumber(bytes: try curve.parameters.n)
        for hash in [HashAlgorithm.sha256, .sha512] {
            let digest = try Hash.digest(hash, Array("nonce".utf8))
            let (r, s) = try key.signSchnorr(digest: digest, hash: hash)
            let rd = try BigNumber(bytes: r).multiplied(by: BigNumber(bytes: key.scalar), modulo: n)
            let k = try BigNumber(bytes: s).adding(n.subtracting(rd), modulo: n)
            let generator = ECCPoint(x: try curve.parameters.gX, y: try curve.parameters.gY)
            let rPoint = try ECC.multiply(curve: curve, scalar: k.minimalBytes, point: generator)
            let challenge = Array(try Hash.digest(hash, [rPoint.x, digest]).prefix(curve.keySize))
            #expect(RSA.leftPadded(challenge, to: curve.keySize) == r)
        }
    }

    @Test("ECDH agrees on both sides", arguments: ECCCurve.allCases)
    func ecdh(curve: ECCCurve) throws {
        let alice = try ECC.PrivateKey.generate(curve: curve)
        let bob = try ECC.PrivateKey.generate(curve: curve)
        let ab = try alice.sharedPoint(with: bob.publicKey.point)
        #expect(ab == (try bob.sharedPoint(with: alice.publicKey.point)))
        #expect(ab == (try ECC.multiply(curve: curve, scalar: alice.scalar, point: bob.publicKey.point)))
        var offCurve = bob.publicKey.point
        offCurve.y[curve.keySize - 1] ^= 1
        #expect(throws: CryptoError.self) { try alice.sharedPoint(with: offCurve) }
    }

    @Test("derivation is deterministic", arguments: ECCCurve.allCases)
    func derivation(curve: ECCCurve) throws {
        var requested: [Int] = []
        let a = try ECC.PrivateKey.derive(curve: curve) { count in
            requested.append(count)
            return RSAFixtures.stream(seed: "ecc A")(count)
        }
        #expect(requested == [curve.keySize + 8])
        let again = try ECC.PrivateKey.derive(curve: curve, stream: RSAFixtures.stream(seed: "ecc A"))
        let b = try ECC.PrivateKey.derive(curve: curve, stream: RSAFixtures.stream(seed: "ecc B"))
        #expect(a.scalar == again.scalar && a.publicKey == again.publicKey)
        #expect(a.scalar != b.scalar)
        // d = (c mod (n − 1)) + 1, checked with c = n − 1 (gives 1) and an all-zero stream (gives 1).
        let n = BigNumber(bytes: try curve.parameters.n)
        let nMinus1 = try n.subtracting(BigNumber(word: 1)).bytes(padded: curve.keySize + 8)
        let one = [UInt8](repeating: 0, count: curve.keySize - 1) + [1]
        #expect(try ECC.PrivateKey.derive(curve: curve) { _ in nMinus1 }.scalar == one)
        #expect(try ECC.PrivateKey.derive(curve: curve) { [UInt8](repeating: 0, count: $0) }.scalar == one)
        #expect(throws: CryptoError.self) { try ECC.PrivateKey.derive(curve: curve) { _ in [1] } }
    }

    @Test("scalar and point validation", arguments: ECCCurve.allCases)
    func validation(curve: ECCCurve) throws {
        let params = try curve.parameters
        #expect(throws: CryptoError.self) { try ECC.PrivateKey(curve: curve, scalar: [0]) }
        #expect(throws: CryptoError.self) { try ECC.PrivateKey(curve: curve, scalar: params.n) }
        let generator = ECCPoint(x: params.gX, y: params.gY)
        #expect(ECC.isOnCurve(curve: curve, point: generator))
        let one = try ECC.PrivateKey(curve: curve, scalar: [1])
        #expect(one.publicKey.point == generator)
        #expect(try ECC.multiply(curve: curve, scalar: [1], point: generator) == generator)
        #expect(throws: CryptoError.self) { try ECC.multiply(curve: curve, scalar: params.n, point: generator) }
        #expect(!ECC.isOnCurve(curve: curve, point: ECCPoint(x: [], y: [])))
        #expect(!ECC.isOnCurve(curve: curve, point: ECCPoint(x: params.gX, y: params.gX)))
        // A coordinate ≥ p would be reduced by OpenSSL; it must be refused instead.
        let xPlusP = try BigNumber(bytes: params.gX).adding(BigNumber(bytes: params.p))
        if xPlusP.byteCount <= curve.keySize {
            #expect(!ECC.isOnCurve(curve: curve, point: ECCPoint(x: xPlusP.minimalBytes, y: params.gY)))
        }
        #expect(throws: CryptoError.self) {
            try ECC.PublicKey(curve: curve, point: ECCPoint(x: params.p, y: params.gY))
        }
        // Short coordinates are accepted and come back padded.
        let key = try ECC.PublicKey(curve: curve, point: ECCPoint(x: Array(params.gX.drop { $0 == 0 }), y: params.gY))
        #expect(key.point == generator)
    }

    /// TCG Algorithm Registry values for BN P-256 and SM2 P-256; the NIST values from FIPS 186-4 D.1.2.3.
    @Test("field element: H(s2) mod p, padded", arguments: ECCCurve.allCases)
    func fieldElement(curve: ECCCurve) throws {
        let p = try curve.parameters.p
        #expect(try ECC.fieldElement(curve: curve, from: p) == [UInt8](repeating: 0, count: curve.keySize))
        // p·256 + 5 ≡ 5 (mod p), leading zeros and all.
        #expect(
            try ECC.fieldElement(curve: curve, from: [0] + p + [5]) == [UInt8](repeating: 0, count: curve.keySize - 1)
                + [5])
        #expect(try ECC.fieldElement(curve: curve, from: [7]) == [UInt8](repeating: 0, count: curve.keySize - 1) + [7])
    }

    @Test("curve parameters")
    func parameters() throws {
        let bn = try ECCCurve.bnP256.parameters
        #expect(bn.p == hex("FFFFFFFFFFFCF0CD46E5F25EEE71A49F0CDC65FB12980A82D3292DDBAED33013"))
        #expect(bn.n == hex("FFFFFFFFFFFCF0CD46E5F25EEE71A49E0CDC65FB1299921AF62D536CD10B500D"))
        #expect(bn.a == [UInt8](repeating: 0, count: 32))
        #expect(bn.b == [UInt8](repeating: 0, count: 31) + [3])
        #expect(bn.gX == [UInt8](repeating: 0, count: 31) + [1] && bn.gY == [UInt8](repeating: 0, count: 31) + [2])
        #expect(bn.h == [1])
        let sm2 = try ECCCurve.sm2P256.parameters
        #expect(sm2.p == hex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF"))
        #expect(sm2.n == hex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123"))
        let p256 = try ECCCurve.nistP256.parameters
        #expect(p256.n == hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"))
        #expect(p256.gX == hex("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"))
        let p521 = try ECCCurve.nistP521.parameters
        #expect(p521.p == [0x01] + [UInt8](repeating: 0xFF, count: 65))
        // P-192 and P-224: FIPS 186-4 D.1.2.1/D.1.2.2. BN P-638: TCG Algorithm Registry, G = (p − 1, 16)
        // on y² = x³ + 257.
        #expect(try ECCCurve.nistP192.parameters.n == hex("FFFFFFFFFFFFFFFFFFFFFFFF99DEF836146BC9B1B4D22831"))
        #expect(try ECCCurve.nistP192.parameters.gX == hex("188DA80EB03090F67CBF20EB43A18800F4FF0AFD82FF1012"))
        #expect(try ECCCurve.nistP224.parameters.n == hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFF16A2E0B8F03E13DD29455C5C2A3D"))
        #expect(try ECCCurve.nistP224.parameters.gX == hex("B70E0CBD6BB4BF7F321390B94A03C1D356C21122343280D6115C1D21"))
        let bn638 = try ECCCurve.bnP638.parameters
        #expect(bn638.p.first == 0x23 && bn638.p.last == 0x67 && bn638.n.last == 0x61 && bn638.h == [1])
        #expect(
            bn638.b == [UInt8](repeating: 0, count: 78) + [0x01, 0x01]
                && bn638.gY == [UInt8](repeating: 0, count: 79) + [0x10])
        #expect(bn638.gX == Array(bn638.p.dropLast()) + [0x66])
        for curve in ECCCurve.allCases {
            #expect(curve.isSupported)
            let params = try curve.parameters
            for value in [params.p, params.a, params.b, params.gX, params.gY, params.n] {
                #expect(value.count == curve.keySize)
            }
        }
    }

    /// Every curve's p and n are prime and n·G is the point at infinity (EC_GROUP_check), the
    /// check that stands behind parameters typed in from a publication.
    @Test("domain parameters are valid", arguments: ECCCurve.allCases)
    func validDomain(curve: ECCCurve) throws {
        #expect(try ECGroup.of(curve).isValid())
    }

    /// NIST CAVP ECC CDH Primitive, [P-192] and [P-224] COUNT = 0.
    @Test("CAVP P-192 and P-224 ECDH")
    func cavpSmallCurves() throws {
        let cases: [(ECCCurve, String, String, String, String)] = [
            (
                .nistP192, "f17d3fea367b74d340851ca4270dcb24c271f445bed9d527",
                "42ea6dd9969dd2a61fea1aac7f8e98edcc896c6e55857cc0", "dfbe5d7c61fac88b11811bde328e8a0d12bf01a9d204b523",
                "803d8ab2e5b6e6fca715737c3a82f7ce3c783124f6d51cd0"
            ),
            (
                .nistP224, "8346a60fc6f293ca5a0d2af68ba71d1dd389e5e40837942df3e43cbd",
                "af33cd0629bc7e996320a3f40368f74de8704fa37b8fab69abaae280",
                "882092ccbba7930f419a8a4f9bb16978bbc3838729992559a6f2e2d7",
                "7d96f9a3bd3c05cf5cc37feb8b9d5209d5c2597464dec3e9983743e8"
            ),
        ]
        for (curve, d, x, y, z) in cases {
            let key = try ECC.PrivateKey(curve: curve, scalar: hex(d))
            #expect(try key.sharedPoint(with: ECCPoint(x: hex(x), y: hex(y))).x == hex(z), "\(curve)")
        }
    }

    @Test("PEM export for named curves")
    func pem() throws {
        for curve in [ECCCurve.nistP192, .nistP224, .nistP256, .nistP384, .nistP521, .sm2P256] {
            let text = try ECC.PrivateKey.generate(curve: curve).publicKey.pem()
            #expect(text.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        }
        #expect(throws: CryptoError.unsupported("the BN curves have no OID for a SubjectPublicKeyInfo")) {
            try ECC.PrivateKey.generate(curve: .bnP256).publicKey.pem()
        }
    }
}

@Suite("ECMQV")
struct ECMQVTests {
    /// MQV gives both parties the same point: A with (dsA, deA) and B's public keys, B with
    /// (dsB, deB) and A's. (The avf itself is checked against an independent computation in the
    /// integration tests.)
    @Test("both sides agree", arguments: ECCCurve.allCases)
    func agreement(curve: ECCCurve) throws {
        let staticA = try ECC.PrivateKey.generate(curve: curve)
        let ephemeralA = try ECC.PrivateKey.generate(curve: curve)
        let staticB = try ECC.PrivateKey.generate(curve: curve)
        let ephemeralB = try ECC.PrivateKey.generate(curve: curve)
        let a = try staticA.mqvSharedPoint(
            ephemeral: ephemeralA.scalar, peerStatic: staticB.publicKey.point,
            peerEphemeral: ephemeralB.publicKey.point)
        let b = try staticB.mqvSharedPoint(
            ephemeral: ephemeralB.scalar, peerStatic: staticA.publicKey.point,
            peerEphemeral: ephemeralA.publicKey.point)
        #expect(a == b)
        #expect(a.x.count == curve.keySize)
        // Not plain ECDH of either pair.
        #expect(a != (try staticA.sharedPoint(with: staticB.publicKey.point)))
    }

    /// avf keeps the low ⌈bits(n)/2⌉ bits of x and sets the next one: 2^128 + (x mod 2^128) on P-256.
    @Test("associate value function")
    func avf() throws {
        let group = try ECGroup.of(.nistP256)
        let x = [UInt8](repeating: 0xFF, count: 32)
        #expect(
            try ECMQV.avf(x, group).bytes(padded: 32) == [UInt8](repeating: 0, count: 15) + [1]
                + [UInt8](repeating: 0xFF, count: 16))
        #expect(
            try ECMQV.avf([0x05], group).bytes(padded: 32) == [UInt8](repeating: 0, count: 15) + [1]
                + [UInt8](repeating: 0, count: 15) + [5])
    }

    @Test("a peer point off the curve is refused")
    func offCurve() throws {
        let key = try ECC.PrivateKey.generate(curve: .nistP256)
        var bad = key.publicKey.point
        bad.y[31] ^= 1
        #expect(throws: CryptoError.self) {
            try key.mqvSharedPoint(ephemeral: key.scalar, peerStatic: bad, peerEphemeral: key.publicKey.point)
        }
    }
}
