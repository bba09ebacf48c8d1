import TPM2
import TPMTypes
import Testing

/// EC_Ephemeral, ZGen_2Phase and Commit in command bytes: each response code their files list,
/// with its handle or parameter number, and Commit's points with P1 and s2/y2, which the
/// tpm2-tools tests do not send.
@Suite(.serialized)
struct EphemeralCommandCodesTests {
    let tpm: InProcessTPM

    init() throws { tpm = try InProcessTPM() }

    private static let gX: [UInt8] = hex("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296")
    private static let gY: [UInt8] = hex("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")

    private static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
            UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)
        }
    }

    /// A TPM2B_ECC_POINT from a response; an empty one reads as two empty coordinates.
    private func readPoint(_ reader: inout TPMReader) throws -> TPMECCPoint {
        guard
            let point = try reader.readNested(
                allowEmpty: true, { (inner: inout TPMReader) throws(TPMError) in try TPMECCPoint(from: &inner) })
        else {
            return TPMECCPoint()
        }
        return point
    }

    private func ephemeral(_ curve: UInt16 = 0x0003) throws -> (code: UInt32, q: TPMECCPoint, counter: UInt16) {
        var w = TPMWriter()
        w.write(curve)
        let response = tpm.send(.ecEphemeral, parameters: w.bytes)
        guard response.code == 0 else { return (response.code, TPMECCPoint(), 0) }
        var r = TPMReader(response.parameters)
        return (0, try readPoint(&r), try r.read())
    }

    private func zGen2Phase(
        _ key: TPMHandle, qsB: TPMECCPoint?, qeB: TPMECCPoint?, scheme: TPMAlgorithm, counter: UInt16
    ) -> InProcessTPM.Response {
        var w = TPMWriter()
        for point in [qsB, qeB] {
            if let point { w.writeNested { point.marshal(into: &$0) } } else { w.writeSized([]) }
        }
        w.write(scheme)
        w.write(counter)
        return tpm.send(.zGen2Phase, handles: [key], authorized: 1, parameters: w.bytes)
    }

    /// Whether `point` is on P-256: ECDH_ZGen refuses one that is not.
    private func isOnCurve(_ point: TPMECCPoint, exchange: TPMHandle, on target: InProcessTPM? = nil) -> Bool {
        var w = TPMWriter()
        w.writeNested { point.marshal(into: &$0) }
        return (target ?? tpm).send(.ecdhZGen, handles: [exchange], authorized: 1, parameters: w.bytes).code == 0
    }

    @Test("EC_Ephemeral counts up, answers a point on the curve and refuses a curve the profile leaves out")
    func ecEphemeral() throws {
        let exchange = try tpm.createPrimary(
            InProcessTPM.eccTemplate([.decrypt], scheme: TPMScheme(.ecdh, hash: .sha256)))
        let first = try ephemeral()
        let second = try ephemeral()
        #expect(first.code == 0 && second.code == 0)
        #expect(second.counter == first.counter &+ 1)
        #expect(first.q.x.count == 32 && first.q != second.q)
        #expect(isOnCurve(first.q, exchange: exchange))
        // TPM_ECC_SM2_P256 (0x0020) is not in the generic profile: TPM_RC_CURVE on curveID.
        #expect(try ephemeral(0x0020).code == 0x1E6)
    }

    @Test("ZGen_2Phase: key kind, attributes, scheme, points and counter each give their code; a counter serves once")
    func zGen2PhaseCodes() throws {
        let g = TPMECCPoint(x: Self.gX, y: Self.gY)
        var offCurve = g
        offCurve.y[31] ^= 1
        let e = try ephemeral()
        // Three object slots: the wrong kinds of key are made and flushed first.
        func flush(_ handle: TPMHandle) {
            var w = TPMWriter()
            w.write(handle)
            #expect(tpm.send(.flushContext, parameters: w.bytes).code == 0)
        }
        let signer = try tpm.createPrimary(InProcessTPM.eccTemplate([.sign], scheme: TPMScheme(.ecdsa, hash: .sha256)))
        #expect(zGen2Phase(signer, qsB: g, qeB: g, scheme: .ecdh, counter: e.counter).code == 0x182)
        flush(signer)
        let rsa = try tpm.createPrimary(InProcessTPM.storageTemplate)
        #expect(zGen2Phase(rsa, qsB: g, qeB: g, scheme: .ecdh, counter: e.counter).code == 0x19C)
        flush(rsa)
        let exchange = try tpm.createPrimary(
            InProcessTPM.eccTemplate([.decrypt], scheme: TPMScheme(.ecdh, hash: .sha256)))
        let open = try tpm.createPrimary(InProcessTPM.eccTemplate([.decrypt]))
        // ECMQV with a key whose scheme is ECDH is refused at inScheme (parameter 3), as are NULL
        // with a key without a scheme and a scheme that is no key exchange.
        #expect(zGen2Phase(exchange, qsB: g, qeB: g, scheme: .ecmqv, counter: e.counter).code == 0x3D2)
        #expect(zGen2Phase(open, qsB: g, qeB: g, scheme: .null, counter: e.counter).code == 0x3D2)
        #expect(zGen2Phase(exchange, qsB: g, qeB: g, scheme: .ecdsa, counter: e.counter).code == 0x3D2)
        #expect(zGen2Phase(exchange, qsB: nil, qeB: g, scheme: .ecdh, counter: e.counter).code == 0x1D5)
        #expect(zGen2Phase(exchange, qsB: g, qeB: nil, scheme: .ecdh, counter: e.counter).code == 0x2D5)
        #expect(zGen2Phase(exchange, qsB: offCurve, qeB: g, scheme: .ecdh, counter: e.counter).code == 0x1E7)
        #expect(zGen2Phase(exchange, qsB: g, qeB: offCurve, scheme: .ecdh, counter: e.counter).code == 0x2E7)
        // A counter never handed out: TPM_RC_VALUE on counter (parameter 4).
        #expect(zGen2Phase(exchange, qsB: g, qeB: g, scheme: .ecdh, counter: e.counter &+ 1).code == 0x4C4)

        // With G for both points, Z1 is the key's public point and Z2 the ephemeral Q.
        let done = zGen2Phase(open, qsB: g, qeB: g, scheme: .ecdh, counter: e.counter)
        #expect(done.code == 0)
        var r = TPMReader(done.parameters)
        _ = try readPoint(&r)
        #expect(try readPoint(&r) == e.q)
        #expect(zGen2Phase(open, qsB: g, qeB: g, scheme: .ecdh, counter: e.counter).code == 0x4C4)
    }

    private typealias Commitment = (code: UInt32, k: TPMECCPoint, l: TPMECCPoint, e: TPMECCPoint, counter: UInt16)

    private func commit(
        _ key: TPMHandle, p1: TPMECCPoint?, s2: [UInt8] = [], y2: [UInt8] = [], on target: InProcessTPM? = nil
    ) throws -> Commitment {
        var w = TPMWriter()
        if let p1 { w.writeNested { p1.marshal(into: &$0) } } else { w.writeSized([]) }
        w.writeSized(s2)
        w.writeSized(y2)
        let response = (target ?? tpm).send(.commit, handles: [key], authorized: 1, parameters: w.bytes)
        guard response.code == 0 else { return (response.code, TPMECCPoint(), TPMECCPoint(), TPMECCPoint(), 0) }
        var r = TPMReader(response.parameters)
        return (0, try readPoint(&r), try readPoint(&r), try readPoint(&r), try r.read())
    }

    @Test("Commit refuses a key whose scheme is not anonymous")
    func commitNeedsAnonymousScheme() throws {
        let signer = try tpm.createPrimary(InProcessTPM.eccTemplate([.sign], scheme: TPMScheme(.ecdsa, hash: .sha256)))
        #expect(try commit(signer, p1: nil).code == 0x192)
        let rsa = try tpm.createPrimary(InProcessTPM.storageTemplate)
        #expect(try commit(rsa, p1: nil).code == 0x19C)
    }

    @Test("Commit with an ECDAA key: E = [r]G or [r]P1 on the curve, counters, and its refusals")
    func commitPoints() throws {
        let ecdaa = try tpm.createPrimary(
            InProcessTPM.eccTemplate([.sign], scheme: TPMScheme(.ecdaa, hash: .sha256, extra: 0)))
        let exchange = try tpm.createPrimary(
            InProcessTPM.eccTemplate([.decrypt], scheme: TPMScheme(.ecdh, hash: .sha256)))
        func onCurve(_ point: TPMECCPoint) -> Bool { isOnCurve(point, exchange: exchange, on: tpm) }
        func commit(p1: TPMECCPoint?, s2: [UInt8] = [], y2: [UInt8] = []) throws -> Commitment {
            try self.commit(ecdaa, p1: p1, s2: s2, y2: y2, on: tpm)
        }
        let g = TPMECCPoint(x: Self.gX, y: Self.gY)
        let plain = try commit(p1: nil)
        #expect(plain.code == 0 && plain.k == TPMECCPoint() && plain.l == TPMECCPoint())
        #expect(plain.e.x.count == 32 && onCurve(plain.e))
        let withG = try commit(p1: g)
        #expect(withG.code == 0 && withG.counter == plain.counter &+ 1)
        #expect(onCurve(withG.e) && withG.e != plain.e)
        var offCurve = g
        offCurve.y[31] ^= 1
        #expect(try commit(p1: offCurve).code == 0x1E7)
        // s2 without y2 (or the reverse): TPM_RC_SIZE on y2 (parameter 3).
        #expect(try commit(p1: nil, s2: [1, 2, 3]).code == 0x3D5)
        #expect(try commit(p1: nil, y2: Self.gY).code == 0x3D5)
        // (H(s2) mod p, y2) is not on the curve for this y2: TPM_RC_ECC_POINT on s2 (parameter 2).
        #expect(try commit(p1: nil, s2: [1, 2, 3], y2: Self.gY).code == 0x2E7)
    }
}
