import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// The algorithms and curves added for parity with libtpms, through whole commands: Camellia
/// objects, sessions and EncryptDecrypt2; P-192, P-224 and BN P-638 keys, signatures and
/// ECC_Parameters; and the response codes for what the profile or the spec refuses.
@Suite("Added algorithms: Camellia and the NIST P-192/P-224 and BN P-638 curves")
struct AddedAlgorithmsTests {
    static func symmetricKey(_ algorithm: TPMAlgorithm, bits: UInt16, mode: TPMAlgorithm = .null) -> TPMPublic {
        TPMPublic(
            type: .symcipher, nameAlg: .sha256, attributes: [.userWithAuth, .sign, .decrypt],
            parameters: .symCipher(TPMSymmetricDefinition(algorithm, keyBits: bits, mode: mode)), unique: .digest([]))
    }

    static func eccSigningKey(_ curve: TPMECCCurve, scheme: TPMAlgorithm = .ecdsa) -> TPMPublic {
        TPMPublic(
            type: .ecc, nameAlg: .sha256,
            attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .sign],
            parameters: .ecc(symmetric: .null, scheme: TPMScheme(scheme, hash: .sha256), curve: curve, kdf: .null),
            unique: .ecc(TPMECCPoint()))
    }

    /// LoadExternal of a symmetric key with known bits (public and sensitive, NULL hierarchy).
    static func loadExternal(_ template: TPMPublic, key: [UInt8]) throws -> [UInt8] {
        var w = TPMWriter()
        w.writeNested {
            TPMSensitive(type: .symcipher, authValue: [], seedValue: [UInt8](repeating: 7, count: 32), sensitive: key)
                .marshal(into: &$0)
        }
        var publicArea = template
        publicArea.unique = .digest(try Hash.digest(.sha256, [UInt8](repeating: 7, count: 32) + key))
        publicArea.marshalSized(into: &w)
        w.write(TPMRH.null)
        return command(.loadExternal, parameters: w.bytes)
    }

    static func encryptDecrypt2(_ key: TPMHandle, data: [UInt8], decrypt: Bool, mode: TPMAlgorithm, iv: [UInt8])
        -> [UInt8]
    {
        var w = TPMWriter()
        w.writeSized(data)
        w.write(UInt8(decrypt ? 1 : 0))
        w.write(mode)
        w.writeSized(iv)
        return command(.encryptDecrypt2, handles: [key], sessions: [.password()], parameters: w.bytes)
    }

    static func testParms(_ body: [UInt8]) -> [UInt8] { command(.testParms, parameters: body) }

    @Test(
        "EncryptDecrypt2 under a loaded Camellia key gives TrustCrypto's answer in every mode, and decrypts back",
        arguments: [UInt16(128), 192, 256])
    func camelliaEncryptDecrypt(bits: UInt16) throws {
        let engine = try makeEngine()
        let key = Samples.bytes(Int(bits) / 8)
        let handle = try #require(
            try engine.require(Self.loadExternal(Self.symmetricKey(.camellia, bits: bits), key: key), "LoadExternal")
                .handle)
        let iv = Samples.bytes(16, from: 0x40)
        let data = Samples.bytes(48, from: 0x80)
        for (mode, cryptoMode) in [
            (TPMAlgorithm.cfb, SymmetricMode.cfb), (.cbc, .cbc), (.ctr, .ctr), (.ofb, .ofb), (.ecb, .ecb),
        ] {
            let modeIV = mode == .ecb ? [] : iv
            let response = try engine.require(
                Self.encryptDecrypt2(handle, data: data, decrypt: false, mode: mode, iv: modeIV), "EncryptDecrypt2")
            var reader = TPMReader(response.parameters)
            let out = try reader.readSized(max: 1024)
            let expected = try SymmetricCipher.encrypt(.camellia, mode: cryptoMode, key: key, iv: modeIV, data: data)
            #expect(out == expected.output, "\(mode)")
            #expect(try reader.readSized(max: 16) == expected.ivOut, "\(mode)")
            let back = try engine.require(
                Self.encryptDecrypt2(handle, data: out, decrypt: true, mode: mode, iv: modeIV), "EncryptDecrypt2")
            var backReader = TPMReader(back.parameters)
            #expect(try backReader.readSized(max: 1024) == data, "\(mode)")
        }
    }

    @Test(
        "a Camellia primary and a Camellia-CFB session are accepted; a wrong key size is TPM_RC_VALUE on the session's symmetric"
    )
    func camelliaObjectsAndSessions() throws {
        let engine = try makeEngine()
        var primary = Self.symmetricKey(.camellia, bits: 256, mode: .cfb)
        primary.attributes.insert(.sensitiveDataOrigin)
        try engine.require(Commands.createPrimary(primary), "CreatePrimary")
        try engine.require(
            Commands.startAuthSession(symmetric: TPMSymmetricDefinition(.camellia, keyBits: 128, mode: .cfb)),
            "StartAuthSession")
        #expect(
            responseCode(
                engine,
                Commands.startAuthSession(symmetric: TPMSymmetricDefinition(.camellia, keyBits: 128, mode: .cbc)))
                == TPMError(.mode, .parameter(4)).responseCode)
        // TPMI_CAMELLIA_KEY_BITS refuses 64 while unmarshalling parameter 4.
        var w = TPMWriter()
        w.writeSized([UInt8](repeating: 0x5A, count: 32))
        w.writeSized([])
        w.write(UInt8(0))
        w.write(TPMAlgorithm.camellia)
        w.write(UInt16(64))
        w.write(TPMAlgorithm.cfb)
        w.write(TPMAlgorithm.sha256)
        #expect(
            responseCode(engine, command(.startAuthSession, handles: [TPMRH.null, TPMRH.null], parameters: w.bytes))
                == TPMError(.value, .parameter(4)).responseCode)
    }

    @Test("TestParms: Camellia 128/192/256 in each mode pass; TDES, which the profile leaves out, is TPM_RC_SYMMETRIC")
    func testParmsSymmetric() throws {
        let engine = try makeEngine()
        for bits in [UInt16(128), 192, 256] {
            for mode in [TPMAlgorithm.cfb, .cbc, .ctr, .ofb, .ecb] {
                var w = TPMWriter()
                w.write(TPMAlgorithm.symcipher)
                w.write(TPMSymmetricDefinition(.camellia, keyBits: bits, mode: mode))
                #expect(responseCode(engine, Self.testParms(w.bytes)) == 0, "camellia \(bits) \(mode)")
            }
        }
    }

    @Test(
        "ECC_Parameters reports each added curve as TrustCrypto builds it, with its size in bits",
        arguments: [
            (TPMECCCurve.nistP192, ECCCurve.nistP192, UInt16(192)), (.nistP224, .nistP224, 224),
            (.bnP638, .bnP638, 638),
        ])
    func eccParameters(curveID: TPMECCCurve, curve: ECCCurve, bits: UInt16) throws {
        let engine = try makeEngine()
        var w = TPMWriter()
        w.write(curveID)
        let response = try engine.require(command(.eccParameters, parameters: w.bytes), "ECC_Parameters")
        var reader = TPMReader(response.body)
        #expect(try TPMECCCurve(from: &reader) == curveID)
        #expect(try reader.read(UInt16.self) == bits)
        let kdf = try TPMScheme(from: &reader, kind: .kdf)
        #expect(kdf.algorithm == (curveID == .bnP638 ? .null : .kdf1_sp800_56a))
        _ = try TPMScheme(from: &reader, kind: .any)
        let expected = try curve.parameters
        for value in [expected.p, expected.a, expected.b, expected.gX, expected.gY, expected.n, expected.h] {
            #expect(try reader.readSized(max: 80) == value)
        }
        #expect(reader.isAtEnd)
    }

    @Test(
        "primary ECDSA and EC-Schnorr keys on P-192, P-224 and BN P-638 sign digests that verify outside the TPM",
        arguments: [TPMECCCurve.nistP192, .nistP224, .bnP638])
    func signing(curveID: TPMECCCurve) throws {
        let engine = try makeEngine()
        let curve = try #require(curveID.curve)
        for scheme in [TPMAlgorithm.ecdsa, .ecschnorr] {
            let created = try engine.require(
                Commands.createPrimary(Self.eccSigningKey(curveID, scheme: scheme)), "CreatePrimary")
            let handle = try #require(created.handle)
            var reader = TPMReader(Array(created.body.dropFirst(8)))
            let publicArea = try TPMPublic(sizedFrom: &reader)
            guard case .ecc(let point) = publicArea.unique else {
                Issue.record("no ECC point")
                return
            }
            #expect(point.x.count == curve.keySize)
            let digest = try Hash.digest(.sha256, Samples.bytes(40))
            var w = TPMWriter()
            w.writeSized(digest)
            w.write(TPMAlgorithm.null)
            w.write(UInt16(0x8024))
            w.write(TPMRH.null)
            w.writeSized([])
            let signed = try engine.require(
                command(.sign, handles: [handle], sessions: [.password()], parameters: w.bytes), "Sign")
            var sig = TPMReader(signed.parameters)
            #expect(try TPMAlgorithm(from: &sig) == scheme)
            _ = try TPMAlgorithm(from: &sig)
            let r = try sig.readSized(max: 80)
            let s = try sig.readSized(max: 80)
            let publicKey = try ECC.PublicKey(curve: curve, point: ECCPoint(x: point.x, y: point.y))
            if scheme == .ecdsa {
                #expect(publicKey.isValidECDSASignature(r: r, s: s, digest: digest))
            } else {
                #expect(publicKey.isValidSchnorrSignature(r: r, s: s, digest: digest, hash: .sha256))
            }
            try engine.require(Commands.flushContext(handle), "FlushContext")
        }
    }
}

@Suite("Added algorithms: TDES")
struct TDESTests {
    static let key = hex("0123456789abcdef 23456789abcdef01 456789abcdef0123")

    @Test(
        "EncryptDecrypt2 under loaded two- and three-key TDES keys gives TrustCrypto's answer in every mode",
        arguments: [16, 24])
    func encryptDecrypt(keyBytes: Int) throws {
        let engine = try makeEngine()
        let key = Array(Self.key.prefix(keyBytes))
        let template = AddedAlgorithmsTests.symmetricKey(.tdes, bits: UInt16(keyBytes * 8))
        let handle = try #require(
            try engine.require(AddedAlgorithmsTests.loadExternal(template, key: key), "LoadExternal").handle)
        let iv = Samples.bytes(8, from: 0x40)
        let data = Samples.bytes(40, from: 0x80)
        for (mode, cryptoMode) in [
            (TPMAlgorithm.cfb, SymmetricMode.cfb), (.cbc, .cbc), (.ctr, .ctr), (.ofb, .ofb), (.ecb, .ecb),
        ] {
            let modeIV = mode == .ecb ? [] : iv
            let response = try engine.require(
                AddedAlgorithmsTests.encryptDecrypt2(handle, data: data, decrypt: false, mode: mode, iv: modeIV),
                "EncryptDecrypt2")
            var reader = TPMReader(response.parameters)
            let expected = try SymmetricCipher.encrypt(.tdes, mode: cryptoMode, key: key, iv: modeIV, data: data)
            #expect(try reader.readSized(max: 1024) == expected.output, "\(mode)")
            #expect(try reader.readSized(max: 16) == expected.ivOut, "\(mode)")
        }
        // An IV of AES's block size is not TDES's: TPM_RC_SIZE on ivIn (parameter 4 of EncryptDecrypt2).
        #expect(
            responseCode(
                engine,
                AddedAlgorithmsTests.encryptDecrypt2(
                    handle, data: data, decrypt: false, mode: .cbc, iv: Samples.bytes(16)))
                == TPMError(.size, .parameter(4)).responseCode)
    }

    @Test("a weak or degenerate TDES key is TPM_RC_KEY on the sensitive area (LoadExternal parameter 1, Create's data)")
    func weakKeys() throws {
        let engine = try makeEngine()
        let template = AddedAlgorithmsTests.symmetricKey(.tdes, bits: 128)
        for key in [hex("0101010101010101 23456789abcdef01"), hex("0123456789abcdef 0123456789abcdef")] {
            #expect(
                try responseCode(engine, AddedAlgorithmsTests.loadExternal(template, key: key))
                    == TPMError(.key, .parameter(1)).responseCode)
        }
        var primary = AddedAlgorithmsTests.symmetricKey(.tdes, bits: 128, mode: .cfb)
        primary.attributes = [.userWithAuth, .sign, .decrypt]
        #expect(
            responseCode(
                engine,
                Commands.createPrimary(
                    primary, sensitive: TPMSensitiveCreate(data: hex("fefefefefefefefe 23456789abcdef01"))))
                == TPMError(.key, .parameter(1)).responseCode)
    }

    @Test(
        "TDES primaries, storage parents and CFB sessions work; 256-bit TDES is TPM_RC_VALUE",
        arguments: [UInt16(128), 192])
    func objectsAndSessions(bits: UInt16) throws {
        let engine = try makeEngine()
        var primary = AddedAlgorithmsTests.symmetricKey(.tdes, bits: bits, mode: .cfb)
        primary.attributes.insert(.sensitiveDataOrigin)
        try engine.require(Commands.createPrimary(primary), "CreatePrimary")
        try engine.require(
            Commands.startAuthSession(symmetric: TPMSymmetricDefinition(.tdes, keyBits: bits, mode: .cfb)),
            "StartAuthSession")
        var w = TPMWriter()
        w.write(TPMAlgorithm.symcipher)
        w.write(TPMAlgorithm.tdes)
        w.write(UInt16(256))
        w.write(TPMAlgorithm.cfb)
        #expect(
            responseCode(engine, AddedAlgorithmsTests.testParms(w.bytes))
                == TPMError(.value, .parameter(1)).responseCode)
    }
}

@Suite("Added algorithms: ECMQV and KDF2")
struct ECMQVAndKDF2Tests {
    static func eccKey(
        _ attributes: TPMObjectAttributes, scheme: TPMScheme = .null, kdf: TPMScheme = .null,
        symmetric: TPMSymmetricDefinition = .null
    ) -> TPMPublic {
        TPMPublic(
            type: .ecc, nameAlg: .sha256,
            attributes: attributes.union([.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth]),
            parameters: .ecc(symmetric: symmetric, scheme: scheme, curve: .nistP256, kdf: kdf),
            unique: .ecc(TPMECCPoint()))
    }

    static func point(_ p: ECCPoint) -> [UInt8] {
        var w = TPMWriter()
        w.writeNested { TPMECCPoint(x: p.x, y: p.y).marshal(into: &$0) }
        return w.bytes
    }

    @Test(
        "ZGen_2Phase(ECMQV) under an ECMQV key gives the point B computes; Z2 is empty; ECDH on that key is TPM_RC_SCHEME"
    )
    func zGen2Phase() throws {
        let engine = try makeEngine()
        let created = try engine.require(
            Commands.createPrimary(Self.eccKey([.decrypt], scheme: TPMScheme(.ecmqv, hash: .sha256))), "CreatePrimary")
        let keyA = try #require(created.handle)
        var reader = TPMReader(Array(created.body.dropFirst(8)))
        guard case .ecc(let qsA) = try TPMPublic(sizedFrom: &reader).unique else {
            Issue.record("no point")
            return
        }
        var curve = TPMWriter()
        curve.write(TPMECCCurve.nistP256)
        let ephemeral = try engine.require(command(.ecEphemeral, parameters: curve.bytes), "EC_Ephemeral")
        var er = TPMReader(ephemeral.body)
        let qeA = try er.readNested { (inner: inout TPMReader) throws(TPMError) in try TPMECCPoint(from: &inner) }
        let counter: UInt16 = try er.read()
        let staticB = try ECC.PrivateKey.generate(curve: .nistP256)
        let ephemeralB = try ECC.PrivateKey.generate(curve: .nistP256)
        func zGen(_ scheme: TPMAlgorithm) -> [UInt8] {
            var w = TPMWriter()
            w.write(bytes: Self.point(staticB.publicKey.point) + Self.point(ephemeralB.publicKey.point))
            w.write(scheme)
            w.write(counter)
            return command(.zGen2Phase, handles: [keyA], sessions: [.password()], parameters: w.bytes)
        }
        #expect(responseCode(engine, zGen(.ecdh)) == TPMError(.scheme, .parameter(3)).responseCode)
        let done = try engine.require(zGen(.ecmqv), "ZGen_2Phase")
        var z = TPMReader(done.parameters)
        let z1 = try #require(
            try z.readNested { (inner: inout TPMReader) throws(TPMError) in try TPMECCPoint(from: &inner) })
        let z2 = try #require(
            try z.readNested { (inner: inout TPMReader) throws(TPMError) in try TPMECCPoint(from: &inner) })
        let qe = try #require(qeA)
        let expected = try staticB.mqvSharedPoint(
            ephemeral: ephemeralB.scalar, peerStatic: ECCPoint(x: qsA.x, y: qsA.y),
            peerEphemeral: ECCPoint(x: qe.x, y: qe.y))
        #expect(ECCPoint(x: z1.x, y: z1.y) == expected)
        #expect(z2.x.isEmpty && z2.y.isEmpty)
        // The counter is used up.
        #expect(responseCode(engine, zGen(.ecmqv)) == TPMError(.value, .parameter(4)).responseCode)
    }

    @Test("ECMQV is a decrypt key's scheme: on a signing key or a storage key it is TPM_RC_SCHEME")
    func keyScheme() throws {
        let engine = try makeEngine()
        #expect(
            responseCode(engine, Commands.createPrimary(Self.eccKey([.sign], scheme: TPMScheme(.ecmqv, hash: .sha256))))
                == TPMError(.scheme, .parameter(2)).responseCode)
        #expect(
            responseCode(
                engine,
                Commands.createPrimary(
                    Self.eccKey(
                        [.decrypt, .restricted], scheme: TPMScheme(.ecmqv, hash: .sha256),
                        symmetric: TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb))))
                == TPMError(.scheme, .parameter(2)).responseCode)
    }

    @Test("KDF2 is an ECC key's KDF: accepted on an exchange key and by TestParms, TPM_RC_KDF on a storage key")
    func kdf2() throws {
        let engine = try makeEngine()
        let kdf2 = TPMScheme(.kdf2, hash: .sha256)
        let created = try engine.require(
            Commands.createPrimary(Self.eccKey([.decrypt], scheme: TPMScheme(.ecdh, hash: .sha256), kdf: kdf2)),
            "CreatePrimary")
        try engine.require(Commands.flushContext(try #require(created.handle)), "FlushContext")
        var w = TPMWriter()
        w.write(TPMAlgorithm.ecc)
        TPMPublicParameters.ecc(symmetric: .null, scheme: .null, curve: .nistP192, kdf: kdf2).marshal(into: &w)
        #expect(responseCode(engine, AddedAlgorithmsTests.testParms(w.bytes)) == 0)
        #expect(
            responseCode(
                engine,
                Commands.createPrimary(
                    Self.eccKey(
                        [.decrypt, .restricted], kdf: kdf2,
                        symmetric: TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb))))
                == TPMError(.kdf, .parameter(2)).responseCode)
    }
}
