import Profiles
import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// ECDAA end to end in command bytes: Commit, then Sign with its counter. The key is loaded
/// with LoadExternal from a private scalar the test chose, so K = [d]P2 is recomputed here; E
/// and L depend on the TPM's secret r, so they are checked by the verification equations a
/// DAA verifier uses, with T = H(nonce ‖ digest): [s]P1 = E + [T]([d]P1) and [s]P2 = L + [T]K.
@Suite struct ECDAASignTests {
    /// A basename s2 and y2 such that P2 = (SHA-256(s2) mod p, y2) is on the curve, found
    /// offline by trying s2 = "basename-i" and y2 = (x³ + ax + b)^((p+1)/4) mod p (p ≡ 3 mod 4).
    struct Basename {
        var s2: [UInt8]
        var y2: [UInt8]
    }

    static let basenames: [TPMECCCurve: Basename] = [
        .bnP256: Basename(
            s2: Array("basename-0".utf8),
            y2: hex("8c3bddae597a0258413e8054b38061842bce4f3dcbbdd865b1c03756c40a55d7")),
        .nistP256: Basename(
            s2: Array("basename-2".utf8),
            y2: hex("35e5d58f2464d17f0240cf23803f6e5671c5bdc8b78c118fef3a62fd1099eab0")),
    ]

    static let d: [UInt8] = hex("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
    /// SHA-256("ECDAA message").
    static let digest = Hex.bytes("6bd9c0bc87da1c8d39edb925e173513b125baa83f85800c19698b816f75962af")!

    struct Commitment {
        var k: TPMECCPoint
        var l: TPMECCPoint
        var e: TPMECCPoint
        var counter: UInt16
    }

    /// An unrestricted ECDAA signing key with private scalar `d` in the NULL hierarchy.
    static func loadKey(_ engine: TPMEngine, curve: TPMECCCurve, count: UInt16 = 0) throws -> (TPMHandle, ECCPoint) {
        guard let ecc = curve.curve else { throw TestSetupError("no curve for \(curve)") }
        let q = try ECC.PrivateKey(curve: ecc, scalar: d).publicKey.point
        let template = TPMPublic(
            type: .ecc, nameAlg: .sha256, attributes: [.userWithAuth, .sign],
            parameters: .ecc(
                symmetric: .null, scheme: TPMScheme(.ecdaa, hash: .sha256, extra: count),
                curve: curve, kdf: .null),
            unique: .ecc(TPMECCPoint(x: q.x, y: q.y)))
        var w = TPMWriter()
        w.writeNested { TPMSensitive(type: .ecc, authValue: [], seedValue: [], sensitive: d).marshal(into: &$0) }
        template.marshalSized(into: &w)
        w.write(TPMRH.null)
        let response = try engine.require(command(.loadExternal, parameters: w.bytes), "LoadExternal")
        guard let handle = response.handle else { throw TestSetupError("LoadExternal returned no handle") }
        return (handle, q)
    }

    static func commit(_ engine: TPMEngine, key: TPMHandle, p1: ECCPoint?, basename: Basename?) throws -> Commitment {
        var w = TPMWriter()
        w.writeNested { if let p1 { TPMECCPoint(x: p1.x, y: p1.y).marshal(into: &$0) } }
        w.writeSized(basename?.s2 ?? [])
        w.writeSized(basename?.y2 ?? [])
        let response = try engine.require(
            command(.commit, handles: [key], sessions: [.password()], parameters: w.bytes), "Commit")
        var r = TPMReader(response.parameters)
        func point() throws -> TPMECCPoint {
            try r.readNested(allowEmpty: true) { (inner: inout TPMReader) throws(TPMError) in
                try TPMECCPoint(from: &inner)
            } ?? TPMECCPoint()
        }
        return Commitment(k: try point(), l: try point(), e: try point(), counter: try r.read())
    }

    static func signCommand(key: TPMHandle, scheme: TPMScheme, digest: [UInt8] = digest) -> [UInt8] {
        var w = TPMWriter()
        w.writeSized(digest)
        scheme.marshal(into: &w)
        TPMTicket.null(TPMStructureTag.hashcheck).marshal(into: &w)
        return command(.sign, handles: [key], sessions: [.password()], parameters: w.bytes)
    }

    static func sign(_ engine: TPMEngine, key: TPMHandle, counter: UInt16) throws -> (nonce: [UInt8], s: [UInt8]) {
        let response = try engine.require(
            signCommand(key: key, scheme: TPMScheme(.ecdaa, hash: .sha256, extra: counter)), "Sign")
        var r = TPMReader(response.parameters)
        let signature = try TPMSignature(from: &r)
        guard signature.algorithm == .ecdaa, case .ecc(let hash, let nonce, let s) = signature.body, hash == .sha256
        else {
            throw TestSetupError("Sign returned \(signature)")
        }
        return (nonce, s)
    }

    static func ecc(_ point: TPMECCPoint) -> ECCPoint { ECCPoint(x: point.x, y: point.y) }

    @Test(
        "Commit's K is [d]P2, and Sign's (nonce, s) satisfies both verification equations",
        arguments: [TPMECCCurve.bnP256, .nistP256])
    func commitThenSign(curve: TPMECCCurve) throws {
        let engine = try makeEngine()
        guard let ecc = curve.curve, let basename = Self.basenames[curve] else {
            throw TestSetupError("no test data for \(curve)")
        }
        let (key, q) = try Self.loadKey(engine, curve: curve)
        let g = ECCPoint(x: try ecc.parameters.gX, y: try ecc.parameters.gY)
        let p2 = ECCPoint(x: try ECC.fieldElement(curve: ecc, from: Hash.digest(.sha256, basename.s2)), y: basename.y2)
        #expect(ECC.isOnCurve(curve: ecc, point: p2))

        let commitment = try Self.commit(engine, key: key, p1: g, basename: basename)
        #expect(Self.ecc(commitment.k) == (try ECC.multiply(curve: ecc, scalar: Self.d, point: p2)))
        let (nonce, s) = try Self.sign(engine, key: key, counter: commitment.counter)
        #expect(s.count == ecc.keySize)
        #expect(!nonce.isEmpty && nonce.first != 0, "the nonce is sent without leading zeros")

        let t = try Hash.digest(.sha256, [nonce, Self.digest])
        let onP1 = try ECC.add(curve: ecc, Self.ecc(commitment.e), ECC.multiply(curve: ecc, scalar: t, point: q))
        #expect(try ECC.multiply(curve: ecc, scalar: s, point: g) == onP1)
        let onP2 = try ECC.add(
            curve: ecc, Self.ecc(commitment.l), ECC.multiply(curve: ecc, scalar: t, point: Self.ecc(commitment.k)))
        #expect(try ECC.multiply(curve: ecc, scalar: s, point: p2) == onP2)
    }

    @Test("Commit without points: E = [r]G, and the signature verifies against the public key")
    func commitWithoutPoints() throws {
        let engine = try makeEngine()
        let (key, q) = try Self.loadKey(engine, curve: .bnP256)
        let ecc = ECCCurve.bnP256
        let commitment = try Self.commit(engine, key: key, p1: nil, basename: nil)
        #expect(commitment.k == TPMECCPoint() && commitment.l == TPMECCPoint())
        let (nonce, s) = try Self.sign(engine, key: key, counter: commitment.counter)
        let g = ECCPoint(x: try ecc.parameters.gX, y: try ecc.parameters.gY)
        let t = try Hash.digest(.sha256, [nonce, Self.digest])
        let expected = try ECC.add(curve: ecc, Self.ecc(commitment.e), ECC.multiply(curve: ecc, scalar: t, point: q))
        #expect(try ECC.multiply(curve: ecc, scalar: s, point: g) == expected)
    }

    @Test("A counter serves one signature: reuse and a counter never handed out give TPM_RC_VALUE")
    func counterIsConsumed() throws {
        let engine = try makeEngine()
        let (key, _) = try Self.loadKey(engine, curve: .bnP256)
        let first = try Self.commit(engine, key: key, p1: nil, basename: nil)
        let second = try Self.commit(engine, key: key, p1: nil, basename: nil)
        _ = try Self.sign(engine, key: key, counter: second.counter)
        let ecdaa = { (counter: UInt16) in TPMScheme(.ecdaa, hash: .sha256, extra: counter) }
        #expect(responseCode(engine, Self.signCommand(key: key, scheme: ecdaa(second.counter))) == 0x084)
        #expect(responseCode(engine, Self.signCommand(key: key, scheme: ecdaa(second.counter &+ 1))) == 0x084)
        // A refused Sign spends nothing: the first counter still signs once.
        #expect(
            responseCode(
                engine, Self.signCommand(key: key, scheme: TPMScheme(.ecdaa, hash: .sha384, extra: first.counter)))
                == 0x2D2)
        _ = try Self.sign(engine, key: key, counter: first.counter)
        #expect(responseCode(engine, Self.signCommand(key: key, scheme: ecdaa(first.counter))) == 0x084)
    }

    @Test("An ECDAA key needs the caller's scheme: TPM_RC_SCHEME on inScheme without one, or with another")
    func schemeSelection() throws {
        let engine = try makeEngine()
        let (key, _) = try Self.loadKey(engine, curve: .bnP256)
        let commitment = try Self.commit(engine, key: key, p1: nil, basename: nil)
        #expect(responseCode(engine, Self.signCommand(key: key, scheme: .null)) == 0x2D2)
        #expect(responseCode(engine, Self.signCommand(key: key, scheme: TPMScheme(.ecdsa, hash: .sha256))) == 0x2D2)
        // The key's own count does not matter: the caller's names the commitment.
        #expect(try !Self.sign(engine, key: key, counter: commitment.counter).s.isEmpty)
    }

    @Test("A commitment is bound to the key's Name: another ECDAA key's counter gives a signature that does not verify")
    func commitmentBoundToName() throws {
        let engine = try makeEngine()
        let (first, _) = try Self.loadKey(engine, curve: .bnP256)
        let (second, q) = try Self.loadKey(engine, curve: .bnP256, count: 9)
        let commitment = try Self.commit(engine, key: first, p1: nil, basename: nil)
        let (nonce, s) = try Self.sign(engine, key: second, counter: commitment.counter)
        let ecc = ECCCurve.bnP256
        let g = ECCPoint(x: try ecc.parameters.gX, y: try ecc.parameters.gY)
        let t = try Hash.digest(.sha256, [nonce, Self.digest])
        let claimed = try ECC.add(curve: ecc, Self.ecc(commitment.e), ECC.multiply(curve: ecc, scalar: t, point: q))
        #expect(try ECC.multiply(curve: ecc, scalar: s, point: g) != claimed)
    }
}

extension ECDAASignTests {
    @Test(
        "Certify under an ECDAA scheme: the signer's and the object's qualified Names stay empty, the signature verifies"
    )
    func anonymousCertify() throws {
        let engine = try makeEngine()
        let (key, q) = try Self.loadKey(engine, curve: .bnP256)
        let commitment = try Self.commit(engine, key: key, p1: nil, basename: nil)
        var w = TPMWriter()
        w.writeSized([1, 2, 3])
        TPMScheme(.ecdaa, hash: .sha256, extra: commitment.counter).marshal(into: &w)
        let response = try engine.require(
            command(.certify, handles: [key, key], sessions: [.password(), .password()], parameters: w.bytes), "Certify"
        )
        var r = TPMReader(response.parameters)
        let attest = try r.readSized(max: 1024)
        let signature = try TPMSignature(from: &r)
        guard case .ecc(_, let nonce, let s) = signature.body else {
            throw TestSetupError("Certify returned \(signature)")
        }

        var a = TPMReader(attest)
        _ = try a.readBytes(6)  // magic, type
        #expect(try a.readSized(max: 70).isEmpty, "qualifiedSigner")
        #expect(try a.readSized(max: 70) == [1, 2, 3])
        _ = try a.readBytes(17 + 8)  // clockInfo, firmwareVersion
        #expect(try a.readSized(max: 70) == (try engine.names(key).name))
        #expect(try a.readSized(max: 70).isEmpty, "qualifiedName")

        let ecc = ECCCurve.bnP256
        let g = ECCPoint(x: try ecc.parameters.gX, y: try ecc.parameters.gY)
        let t = try Hash.digest(.sha256, [nonce, try Hash.digest(.sha256, attest)])
        let expected = try ECC.add(curve: ecc, Self.ecc(commitment.e), ECC.multiply(curve: ecc, scalar: t, point: q))
        #expect(try ECC.multiply(curve: ecc, scalar: s, point: g) == expected)
    }
}
