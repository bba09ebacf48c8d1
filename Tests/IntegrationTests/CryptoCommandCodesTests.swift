import TPM2
import TPMTypes
import Testing

/// Response codes of the crypto commands that no tpm2-tools call provokes: each parameter
/// number, each refusal Part 3 lists, and malformed parameter areas, sent as command bytes to
/// the emulator in this process.
@Suite(.serialized)
struct CryptoCommandCodesTests {
    let tpm: InProcessTPM

    init() throws { tpm = try InProcessTPM() }

    private func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
            UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)
        }
    }

    private func code(_ response: InProcessTPM.Response) -> String { "0x" + String(response.code, radix: 16) }

    /// An unrestricted AES-128 key with no fixed mode that may encrypt (sign) and decrypt.
    private func aesKey(_ attributes: TPMObjectAttributes = [.sign, .decrypt]) throws -> TPMHandle {
        try tpm.createPrimary(
            TPMPublic(
                type: .symcipher, nameAlg: .sha256,
                attributes: attributes.union([.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .noDA]),
                parameters: .symCipher(TPMSymmetricDefinition(.aes, keyBits: 128, mode: .null)), unique: .digest([])))
    }

    private func encryptDecrypt(_ key: TPMHandle, decrypt: UInt8, mode: TPMAlgorithm, iv: [UInt8], data: [UInt8])
        -> InProcessTPM.Response
    {
        var w = TPMWriter()
        w.write(decrypt)
        w.write(mode)
        w.writeSized(iv)
        w.writeSized(data)
        return tpm.send(.encryptDecrypt, handles: [key], authorized: 1, parameters: w.bytes)
    }

    private func encryptDecrypt2(_ key: TPMHandle, decrypt: UInt8, mode: TPMAlgorithm, iv: [UInt8], data: [UInt8])
        -> InProcessTPM.Response
    {
        var w = TPMWriter()
        w.writeSized(data)
        w.write(decrypt)
        w.write(mode)
        w.writeSized(iv)
        return tpm.send(.encryptDecrypt2, handles: [key], authorized: 1, parameters: w.bytes)
    }

    @Test("EncryptDecrypt and EncryptDecrypt2 agree and number their culprits in their own parameter order")
    func encryptDecryptNumbering() throws {
        let key = try aesKey()
        let iv = [UInt8](repeating: 7, count: 16)
        let data = [UInt8](repeating: 0x5A, count: 48)
        let first = encryptDecrypt(key, decrypt: 0, mode: .cfb, iv: iv, data: data)
        let second = encryptDecrypt2(key, decrypt: 0, mode: .cfb, iv: iv, data: data)
        #expect(first.code == 0 && second.code == 0)
        #expect(first.parameters == second.parameters)

        // CBC data not whole blocks: inData is parameter 4, or 1.
        #expect(encryptDecrypt(key, decrypt: 0, mode: .cbc, iv: iv, data: Array(data.prefix(37))).code == 0x4D5)
        #expect(encryptDecrypt2(key, decrypt: 0, mode: .cbc, iv: iv, data: Array(data.prefix(37))).code == 0x1D5)
        // An IV that is not one block, or one given to ECB: ivIn is parameter 3, or 4.
        #expect(encryptDecrypt(key, decrypt: 0, mode: .cfb, iv: Array(iv.prefix(15)), data: data).code == 0x3D5)
        #expect(encryptDecrypt2(key, decrypt: 0, mode: .cfb, iv: Array(iv.prefix(15)), data: data).code == 0x4D5)
        #expect(encryptDecrypt(key, decrypt: 0, mode: .ecb, iv: iv, data: data).code == 0x3D5)
        #expect(encryptDecrypt(key, decrypt: 0, mode: .ecb, iv: [], data: data).code == 0)
        // decrypt is TPMI_YES_NO: parameter 1, or 2.
        #expect(encryptDecrypt(key, decrypt: 2, mode: .cfb, iv: iv, data: data).code == 0x1C4)
        #expect(encryptDecrypt2(key, decrypt: 2, mode: .cfb, iv: iv, data: data).code == 0x2C4)
        // The key names no mode, so the caller must: mode is parameter 2, or 3.
        #expect(encryptDecrypt(key, decrypt: 0, mode: .null, iv: iv, data: data).code == 0x2C9)
        #expect(encryptDecrypt2(key, decrypt: 0, mode: .null, iv: iv, data: data).code == 0x3C9)
        // Encrypting needs sign, decrypting needs decrypt: TPM_RC_ATTRIBUTES on handle 1.
        let decryptOnly = try aesKey([.decrypt])
        #expect(encryptDecrypt(decryptOnly, decrypt: 0, mode: .cfb, iv: iv, data: data).code == 0x182)
        #expect(encryptDecrypt(decryptOnly, decrypt: 1, mode: .cfb, iv: iv, data: data).code == 0)
    }

    // MARK: Sequences

    private func startSequence(_ alg: TPMAlgorithm, auth: [UInt8] = []) -> InProcessTPM.Response {
        var w = TPMWriter()
        w.writeSized(auth)
        w.write(alg)
        return tpm.send(.hashSequenceStart, parameters: w.bytes, responseHandle: true)
    }

    private func update(_ sequence: TPMHandle, _ data: [UInt8]) -> InProcessTPM.Response {
        var w = TPMWriter()
        w.writeSized(data)
        return tpm.send(.sequenceUpdate, handles: [sequence], authorized: 1, parameters: w.bytes)
    }

    private func complete(_ sequence: TPMHandle, _ data: [UInt8], hierarchy: TPMHandle = TPMRH.owner) throws -> (
        code: UInt32, digest: [UInt8], ticket: TPMTicket?
    ) {
        var w = TPMWriter()
        w.writeSized(data)
        w.write(hierarchy)
        let response = tpm.send(.sequenceComplete, handles: [sequence], authorized: 1, parameters: w.bytes)
        guard response.code == 0 else { return (response.code, [], nil) }
        var r = TPMReader(response.parameters)
        return (0, try r.readSized(max: 64), try TPMTicket(from: &r))
    }

    @Test(
        "a hash sequence's ticket is withheld when its first block may be TPM_GENERATED_VALUE, and Sign accepts the one it issues"
    )
    func sequenceTickets() throws {
        var tickets: [TPMTicket?] = []
        for first in [[0xFF, 0x54, 0x43, 0x47, 0x01], [0x41, 0x42, 0x43], [0x41, 0x42, 0x43, 0x44]] as [[UInt8]] {
            let start = startSequence(.sha256)
            let handle = try #require(start.handle)
            #expect(update(handle, first).code == 0)
            #expect(update(handle, [UInt8](repeating: 1, count: 1024)).code == 0)
            let result = try complete(handle, [9, 9])
            #expect(result.code == 0)
            tickets.append(result.ticket)
        }
        // Starts with TPM_GENERATED_VALUE, or too short to tell: the NULL ticket.
        #expect(tickets[0]?.hierarchy == TPMRH.null && tickets[0]?.digest.isEmpty == true)
        #expect(tickets[1]?.hierarchy == TPMRH.null)
        #expect(tickets[2]?.hierarchy == TPMRH.owner && tickets[2]?.digest.count == 32)

        // A restricted signing key signs the sequence's digest only with the ticket it came with.
        let signer = try tpm.createPrimary(
            InProcessTPM.eccTemplate([.sign, .restricted], scheme: TPMScheme(.ecdsa, hash: .sha256)))
        let start = startSequence(.sha256)
        let handle = try #require(start.handle)
        let result = try complete(handle, Array("payload to sign".utf8))
        let ticket = try #require(result.ticket)
        func sign(_ ticket: TPMTicket) -> UInt32 {
            var w = TPMWriter()
            w.writeSized(result.digest)
            TPMScheme.null.marshal(into: &w)
            ticket.marshal(into: &w)
            return tpm.send(.sign, handles: [signer], authorized: 1, parameters: w.bytes).code
        }
        #expect(sign(ticket) == 0)
        #expect(sign(.null(TPMStructureTag.hashcheck)) == 0x3E0)
    }

    @Test("sequence commands refuse the wrong kind of handle with TPM_RC_MODE, and the flushing ones flush")
    func sequenceModes() throws {
        let event = try #require(startSequence(.null).handle)
        // SequenceComplete does not finish event sequences: TPM_RC_MODE on handle 1, and it stays.
        #expect(try complete(event, []).code == 0x189)
        #expect(update(event, [1, 2, 3]).code == 0)
        let hash = try #require(startSequence(.sha256).handle)
        func eventComplete(_ pcr: TPMHandle, _ sequence: TPMHandle) -> InProcessTPM.Response {
            var w = TPMWriter()
            w.writeSized([4, 5])
            return tpm.send(.eventSequenceComplete, handles: [pcr, sequence], authorized: 2, parameters: w.bytes)
        }
        // EventSequenceComplete only finishes event sequences: TPM_RC_MODE on handle 2.
        #expect(eventComplete(TPMRH.null, hash).code == 0x289)
        let done = eventComplete(TPMRH.null, event)
        #expect(done.code == 0)
        var r = TPMReader(done.parameters)
        #expect(try r.read(UInt32.self) == 4, "SHA-1, SHA-256, SHA-384 and SHA-512")
        // Both completions flushed their sequence.
        // The sequence is handle 2: TPM_RC_REFERENCE_H1.
        #expect(eventComplete(TPMRH.null, event).code == 0x911)
        #expect(try complete(hash, []).code == 0)
        #expect(update(hash, []).code == 0x910)
        // An object is not a sequence: TPM_RC_MODE on handle 1.
        let key = try aesKey()
        #expect(update(key, [1]).code == 0x189)
        // auth is a TPM2B_AUTH: at most a digest (TPM_RC_SIZE on parameter 1); the hash must be implemented.
        #expect(startSequence(.sha256, auth: [UInt8](repeating: 1, count: 65)).code == 0x1D5)
        #expect(startSequence(.sm3_256).code == 0x2C3)
    }

    // MARK: Asymmetric

    private func rsaEncrypt(_ key: TPMHandle, _ message: [UInt8], scheme: TPMScheme, label: [UInt8] = [])
        -> InProcessTPM.Response
    {
        var w = TPMWriter()
        w.writeSized(message)
        scheme.marshal(into: &w)
        w.writeSized(label)
        return tpm.send(.rsaEncrypt, handles: [key], parameters: w.bytes)
    }

    private func rsaDecrypt(_ key: TPMHandle, _ cipherText: [UInt8], scheme: TPMScheme, label: [UInt8] = [])
        -> InProcessTPM.Response
    {
        var w = TPMWriter()
        w.writeSized(cipherText)
        scheme.marshal(into: &w)
        w.writeSized(label)
        return tpm.send(.rsaDecrypt, handles: [key], authorized: 1, parameters: w.bytes)
    }

    private func rsaKey(scheme: TPMScheme) throws -> TPMHandle {
        try tpm.createPrimary(
            TPMPublic(
                type: .rsa, nameAlg: .sha256,
                attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .decrypt, .noDA],
                parameters: .rsa(symmetric: .null, scheme: scheme, keyBits: 2048, exponent: 0), unique: .rsa([])))
    }

    @Test("RSA_Encrypt and RSA_Decrypt: labels, schemes, raw RSA, sizes and restricted keys")
    func rsaCodes() throws {
        let open = try rsaKey(scheme: .null)
        let message = Array("raw RSA keeps every byte".utf8)
        // Raw RSA only when the key and the caller both leave the scheme open; the output is modulus-sized.
        let raw = rsaEncrypt(open, message, scheme: .null)
        #expect(raw.code == 0)
        var r = TPMReader(raw.parameters)
        let cipherText = try r.readSized(max: 512)
        #expect(cipherText.count == 256)
        let back = rsaDecrypt(open, cipherText, scheme: .null)
        var b = TPMReader(back.parameters)
        #expect(try b.readSized(max: 512) == [UInt8](repeating: 0, count: 256 - message.count) + message)
        // A message not below the modulus; a label without its terminating zero; a signing scheme.
        #expect(rsaEncrypt(open, [UInt8](repeating: 0xFF, count: 256), scheme: .null).code == 0x084)
        #expect(
            rsaEncrypt(open, message, scheme: TPMScheme(.oaep, hash: .sha256), label: Array("label".utf8)).code == 0x3C4
        )
        #expect(rsaEncrypt(open, message, scheme: TPMScheme(.rsassa, hash: .sha256)).code == 0x2C4)
        #expect(rsaEncrypt(open, message, scheme: TPMScheme(.oaep, hash: .sm3_256)).code == 0x2C3)
        // The ciphertext must be exactly the modulus size (TPM_RC_SIZE, no culprit).
        #expect(rsaDecrypt(open, Array(cipherText.dropFirst()), scheme: .null).code == 0x095)

        // A key with its own scheme takes the caller's only if it is the same.
        let oaep = try rsaKey(scheme: TPMScheme(.oaep, hash: .sha256))
        #expect(rsaEncrypt(oaep, message, scheme: .rsaesScheme).code == 0x2D2)
        let encrypted = rsaEncrypt(oaep, message, scheme: .null, label: Array("label".utf8) + [0])
        var e = TPMReader(encrypted.parameters)
        let oaepText = try e.readSized(max: 512)
        let decrypted = rsaDecrypt(
            oaep, oaepText, scheme: TPMScheme(.oaep, hash: .sha256), label: Array("label".utf8) + [0])
        var d = TPMReader(decrypted.parameters)
        #expect(try d.readSized(max: 512) == message)
        #expect(tpm.send(.flushContext, parameters: oaep.bigEndianBytes).code == 0)

        // A storage key (restricted) never decrypts for the caller; an ECC key is not an RSA key.
        let storage = try tpm.createPrimary(InProcessTPM.storageTemplate)
        #expect(rsaEncrypt(storage, message, scheme: .rsaesScheme).code == 0)
        #expect(rsaDecrypt(storage, cipherText, scheme: .null).code == 0x182)
        let ecc = try tpm.createPrimary(InProcessTPM.eccTemplate([.decrypt]))
        #expect(rsaEncrypt(ecc, message, scheme: .null).code == 0x19C)
    }

    @Test("ECDH and ECC_Parameters: empty and off-curve points, key kinds, unimplemented curves")
    func eccCodes() throws {
        let exchange = try tpm.createPrimary(
            InProcessTPM.eccTemplate([.decrypt], scheme: TPMScheme(.ecdh, hash: .sha256)))
        let signer = try tpm.createPrimary(InProcessTPM.eccTemplate([.sign], scheme: TPMScheme(.ecdsa, hash: .sha256)))
        func zGen(_ key: TPMHandle, _ point: [UInt8]) -> UInt32 {
            var w = TPMWriter()
            w.writeSized(point)
            return tpm.send(.ecdhZGen, handles: [key], authorized: 1, parameters: w.bytes).code
        }
        let generator = bytes(hex: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296")
        let generatorY = bytes(hex: "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")
        let onCurve = TPMECCPoint(x: generator, y: generatorY).marshalled
        #expect(zGen(exchange, onCurve) == 0)
        #expect(zGen(exchange, []) == 0x1D5)
        #expect(zGen(exchange, TPMECCPoint(x: generator, y: generator).marshalled) == 0x1E7)
        #expect(zGen(signer, onCurve) == 0x182)
        // KeyGen needs only an ECC public key, but an ECC one.
        #expect(tpm.send(.ecdhKeyGen, handles: [signer], parameters: []).code == 0)
        let rsa = try rsaKey(scheme: .null)
        #expect(tpm.send(.ecdhKeyGen, handles: [rsa], parameters: []).code == 0x19C)
        // SM2 P-256 is no curve of this profile; BN P-256 pairs with no KDF.
        #expect(tpm.send(.eccParameters, parameters: [0x00, 0x20]).code == 0x1E6)
        let bn = tpm.send(.eccParameters, parameters: [0x00, 0x10])
        #expect(bn.code == 0)
        #expect(Array(bn.parameters.prefix(6)) == [0x00, 0x10, 0x01, 0x00, 0x00, 0x10])
    }

    // MARK: Objects

    @Test(
        "TestParms refuses what the profile lacks with the template checks' codes, and malformed input with unmarshalling codes"
    )
    func testParmsCodes() throws {
        func test(_ bytes: [UInt8]) -> UInt32 { tpm.send(.testParms, parameters: bytes).code }
        func rsa(bits: UInt16, exponent: UInt32 = 0) -> [UInt8] {
            var w = TPMWriter()
            w.write(TPMAlgorithm.rsa)
            TPMPublicParameters.rsa(symmetric: .null, scheme: .null, keyBits: bits, exponent: exponent).marshal(
                into: &w)
            return w.bytes
        }
        #expect(test(rsa(bits: 2048)) == 0)
        // TPMI_RSA_KEY_BITS refuses 8192 while unmarshalling: TPM_RC_VALUE.
        #expect(test(rsa(bits: 8192)) == 0x1C4)
        #expect(test(rsa(bits: 2048, exponent: 4)) == 0x1C4)
        #expect(test([0x00, 0x99]) == 0x1CA)
        #expect(test(Array(rsa(bits: 2048).dropLast())) == 0x1DA)
        #expect(test(rsa(bits: 2048) + [0]) == 0x095)
        var ecc = TPMWriter()
        ecc.write(TPMAlgorithm.ecc)
        TPMPublicParameters.ecc(symmetric: .null, scheme: .null, curve: .nistP256, kdf: TPMScheme(.kdf2, hash: .sha256))
            .marshal(into: &ecc)
        #expect(test(ecc.bytes) == 0)
        // A hash is no TPMI_ALG_KDF: TPM_RC_KDF while unmarshalling.
        var notKDF = TPMWriter()
        notKDF.write(TPMAlgorithm.ecc)
        TPMPublicParameters.ecc(
            symmetric: .null, scheme: .null, curve: .nistP256, kdf: TPMScheme(.sha256, hash: .sha256)
        ).marshal(into: &notKDF)
        #expect(test(notKDF.bytes) == 0x1CC)
        var sym = TPMWriter()
        sym.write(TPMAlgorithm.symcipher)
        TPMPublicParameters.symCipher(TPMSymmetricDefinition(.aes, keyBits: 100, mode: .cfb)).marshal(into: &sym)
        // TPMI_AES_KEY_BITS refuses 100 while unmarshalling: TPM_RC_VALUE.
        #expect(test(sym.bytes) == 0x1C4)
    }

    private func loadExternal(_ sensitive: TPMSensitive?, _ publicArea: TPMPublic, hierarchy: TPMHandle = TPMRH.null)
        -> InProcessTPM.Response
    {
        var w = TPMWriter()
        if let sensitive { w.writeNested { sensitive.marshal(into: &$0) } } else { w.writeSized([]) }
        publicArea.marshalSized(into: &w)
        w.write(hierarchy)
        return tpm.send(.loadExternal, parameters: w.bytes, responseHandle: true)
    }

    @Test("LoadExternal checks the public key alone, and a sensitive area's attributes, type and binding")
    func loadExternalCodes() throws {
        let gX = bytes(hex: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296")
        let gY = bytes(hex: "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")
        func ecc(_ point: TPMECCPoint, _ attributes: TPMObjectAttributes = [.sign, .userWithAuth]) -> TPMPublic {
            TPMPublic(
                type: .ecc, nameAlg: .sha256, attributes: attributes,
                parameters: .ecc(
                    symmetric: .null, scheme: TPMScheme(.ecdsa, hash: .sha256), curve: .nistP256, kdf: .null),
                unique: .ecc(point))
        }
        let generator = TPMECCPoint(x: gX, y: gY)
        // G is the public key of d = 1.
        let one = TPMSensitive(
            type: .ecc, authValue: [], seedValue: [], sensitive: [UInt8](repeating: 0, count: 31) + [1])
        let loaded = loadExternal(one, ecc(generator))
        #expect(loaded.code == 0)
        #expect(loadExternal(nil, ecc(generator), hierarchy: TPMRH.owner).code == 0)
        #expect(loadExternal(nil, ecc(TPMECCPoint(x: gX, y: gX))).code == 0x2E7)
        #expect(loadExternal(nil, ecc(TPMECCPoint(x: Array(gX.dropFirst()), y: gY))).code == 0x2DC)
        #expect(loadExternal(one, ecc(generator), hierarchy: TPMRH.owner).code == 0x3C5)
        #expect(loadExternal(one, ecc(generator, [.sign, .fixedTPM, .fixedParent])).code == 0x2C2)
        var two = one
        two.sensitive[31] = 2
        #expect(loadExternal(two, ecc(generator)).code == 0x2E5)
        let rsaSensitive = TPMSensitive(type: .rsa, authValue: [], seedValue: [], sensitive: [1])
        #expect(loadExternal(rsaSensitive, ecc(generator)).code == 0x1CA)
        var longAuth = one
        longAuth.authValue = [UInt8](repeating: 1, count: 33)
        #expect(loadExternal(longAuth, ecc(generator)).code == 0x1D5)
        // The clear key signs like any other (the TPM's answer is checked by VerifySignature).
        let handle = try #require(loaded.handle)
        var w = TPMWriter()
        w.writeSized([UInt8](repeating: 3, count: 32))
        TPMScheme.null.marshal(into: &w)
        TPMTicket.null(TPMStructureTag.hashcheck).marshal(into: &w)
        let signed = tpm.send(.sign, handles: [handle], authorized: 1, parameters: w.bytes)
        #expect(signed.code == 0)
        var v = TPMWriter()
        v.writeSized([UInt8](repeating: 3, count: 32))
        v.write(bytes: signed.parameters)
        #expect(tpm.send(.verifySignature, handles: [handle], parameters: v.bytes).code == 0)
    }

    @Test("ObjectChangeAuth and CreateLoaded refuse wrong parents, long auth values and sequences")
    func objectCodes() throws {
        let storage = try tpm.createPrimary(InProcessTPM.storageTemplate)
        var create = TPMWriter()
        create.writeNested { TPMSensitiveCreate().marshal(into: &$0) }
        InProcessTPM.eccTemplate([.sign], scheme: TPMScheme(.ecdsa, hash: .sha256)).marshalSized(into: &create)
        let child = tpm.send(
            .createLoaded, handles: [storage], authorized: 1, parameters: create.bytes, responseHandle: true)
        #expect(child.code == 0)
        let key = try #require(child.handle)
        // A signing key is no parent; TPM_RH_LOCKOUT is no hierarchy; the NULL hierarchy makes a primary.
        #expect(tpm.send(.createLoaded, handles: [key], authorized: 1, parameters: create.bytes).code == 0x18A)
        #expect(
            tpm.send(.createLoaded, handles: [TPMRH.lockout], authorized: 1, parameters: create.bytes).code == 0x184)
        let temporary = tpm.send(
            .createLoaded, handles: [TPMRH.null], authorized: 1, parameters: create.bytes, responseHandle: true)
        #expect(temporary.code == 0)
        #expect(Array(temporary.parameters.prefix(2)) == [0, 0], "a primary object has no private area to return")
        if let handle = temporary.handle {
            #expect(tpm.send(.flushContext, parameters: handle.bigEndianBytes).code == 0)
        }

        func changeAuth(_ object: TPMHandle, _ parent: TPMHandle, _ auth: [UInt8]) -> UInt32 {
            var w = TPMWriter()
            w.writeSized(auth)
            return tpm.send(.objectChangeAuth, handles: [object, parent], authorized: 1, parameters: w.bytes).code
        }
        #expect(changeAuth(key, storage, Array("new".utf8)) == 0)
        #expect(changeAuth(key, storage, [UInt8](repeating: 1, count: 33)) == 0x1D5)
        #expect(changeAuth(key, TPMRH.owner, []) == 0x284)
        #expect(changeAuth(key, key, []) == 0x28A)
        #expect(tpm.send(.flushContext, parameters: storage.bigEndianBytes).code == 0)
        let sequence = try #require(startSequence(.sha256).handle)
        #expect(changeAuth(sequence, key, []) == 0x18A)
        #expect(tpm.send(.unseal, handles: [sequence], authorized: 1, parameters: []).code == 0x18A)
    }

    @Test(
        "truncated, corrupted and random parameter areas get a well-formed answer from every crypto command, never a crash"
    )
    func malformedInput() throws {
        let gX = bytes(hex: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296")
        let gY = bytes(hex: "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")
        let generator = TPMECCPoint(x: gX, y: gY)
        func encode(_ body: (inout TPMWriter) -> Void) -> [UInt8] {
            var w = TPMWriter()
            body(&w)
            return w.bytes
        }
        let data = [UInt8](repeating: 0x33, count: 48)
        let iv = [UInt8](repeating: 1, count: 16)
        let eccPublic = TPMPublic(
            type: .ecc, nameAlg: .sha256, attributes: [.sign, .userWithAuth],
            parameters: .ecc(symmetric: .null, scheme: TPMScheme(.ecdsa, hash: .sha256), curve: .nistP256, kdf: .null),
            unique: .ecc(generator))
        let signingTemplate = InProcessTPM.eccTemplate([.sign], scheme: TPMScheme(.ecdsa, hash: .sha256))
        let keyedHash = { (attributes: TPMObjectAttributes, scheme: TPMScheme) in
            TPMPublic(
                type: .keyedHash, nameAlg: .sha256,
                attributes: attributes.union([.fixedTPM, .fixedParent, .userWithAuth, .noDA]),
                parameters: .keyedHash(scheme: scheme), unique: .digest([]))
        }
        // Fresh handles of the kind each command expects (primaries come from the key cache).
        let hmacKey = { [tpm] in
            [try tpm.createPrimary(keyedHash([.sign, .sensitiveDataOrigin], TPMScheme(.hmac, hash: .sha256)))]
        }
        let sequence = { [tpm] (alg: TPMAlgorithm) throws -> TPMHandle in
            var w = TPMWriter()
            w.writeSized([])
            w.write(alg)
            guard let handle = tpm.send(.hashSequenceStart, parameters: w.bytes, responseHandle: true).handle else {
                throw TestFailure("no sequence")
            }
            return handle
        }
        let storage = { [tpm] in try tpm.createPrimary(InProcessTPM.storageTemplate) }
        let child = { [tpm] () throws -> [TPMHandle] in
            let parent = try storage()
            var w = TPMWriter()
            w.writeNested { TPMSensitiveCreate().marshal(into: &$0) }
            signingTemplate.marshalSized(into: &w)
            guard
                let handle = tpm.send(
                    .createLoaded, handles: [parent], authorized: 1, parameters: w.bytes, responseHandle: true
                ).handle
            else {
                throw TestFailure("no child")
            }
            return [handle, parent]
        }
        let none = { () throws -> [TPMHandle] in [] }
        let rsa = { [self] in [try rsaKey(scheme: .null)] }
        let ecc = { [tpm] in [try tpm.createPrimary(InProcessTPM.eccTemplate([.decrypt]))] }
        let aes = { [self] in [try aesKey()] }
        let sealed = { [tpm] in
            [try tpm.createPrimary(keyedHash([], .null), sensitive: TPMSensitiveCreate(data: [1, 2, 3]))]
        }

        // A well-formed parameter area per command, to cut short and corrupt.
        let commands: [(TPMCommandCode, () throws -> [TPMHandle], Int, [UInt8])] = [
            (
                .hmac, hmacKey, 1,
                encode {
                    $0.writeSized(data)
                    $0.write(TPMAlgorithm.sha256)
                }
            ),
            (
                .hmacStart, hmacKey, 1,
                encode {
                    $0.writeSized([1, 2])
                    $0.write(TPMAlgorithm.sha256)
                }
            ),
            (
                .hashSequenceStart, none, 0,
                encode {
                    $0.writeSized([])
                    $0.write(TPMAlgorithm.null)
                }
            ),
            (.sequenceUpdate, { [try sequence(.sha256)] }, 1, encode { $0.writeSized(data) }),
            (
                .sequenceComplete, { [try sequence(.sha256)] }, 1,
                encode {
                    $0.writeSized(data)
                    $0.write(TPMRH.owner)
                }
            ),
            (.eventSequenceComplete, { [16, try sequence(.null)] }, 2, encode { $0.writeSized(data) }),
            (
                .rsaEncrypt, rsa, 0,
                encode {
                    $0.writeSized(data)
                    TPMScheme(.oaep, hash: .sha256).marshal(into: &$0)
                    $0.writeSized([0x41, 0])
                }
            ),
            (
                .rsaDecrypt, rsa, 1,
                encode {
                    $0.writeSized([UInt8](repeating: 7, count: 256))
                    TPMScheme.null.marshal(into: &$0)
                    $0.writeSized([])
                }
            ),
            (.ecdhKeyGen, ecc, 0, []),
            (.ecdhZGen, ecc, 1, encode { w in w.writeNested { generator.marshal(into: &$0) } }),
            (.eccParameters, none, 0, [0x00, 0x03]),
            (
                .encryptDecrypt, aes, 1,
                encode {
                    $0.write(UInt8(0))
                    $0.write(TPMAlgorithm.cbc)
                    $0.writeSized(iv)
                    $0.writeSized(data)
                }
            ),
            (
                .encryptDecrypt2, aes, 1,
                encode {
                    $0.writeSized(data)
                    $0.write(UInt8(1))
                    $0.write(TPMAlgorithm.ctr)
                    $0.writeSized(iv)
                }
            ),
            (.unseal, sealed, 1, []),
            (
                .createLoaded, { [try storage()] }, 1,
                encode { w in
                    w.writeNested { TPMSensitiveCreate(userAuth: [1], data: []).marshal(into: &$0) }
                    signingTemplate.marshalSized(into: &w)
                }
            ),
            (
                .loadExternal, none, 0,
                encode { w in
                    w.writeNested {
                        TPMSensitive(
                            type: .ecc, authValue: [], seedValue: [], sensitive: [UInt8](repeating: 0, count: 31) + [1]
                        ).marshal(into: &$0)
                    }
                    eccPublic.marshalSized(into: &w)
                    w.write(TPMRH.null)
                }
            ),
            (.objectChangeAuth, child, 1, encode { $0.writeSized([1, 2, 3]) }),
            (
                .testParms, none, 0,
                encode {
                    $0.write(TPMAlgorithm.ecc)
                    eccPublic.parameters.marshal(into: &$0)
                }
            ),
        ]
        var random = SystemRandomNumberGenerator()
        for (code, prepare, authorized, valid) in commands {
            flushTransients()
            #expect(
                tpm.send(code, handles: try prepare(), authorized: authorized, parameters: valid).code == 0,
                "\(code) on its well-formed input")
            var inputs = (0..<valid.count).map { Array(valid.prefix($0)) }
            for _ in 0..<40 where !valid.isEmpty {
                var corrupted = valid
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    corrupted[Int.random(in: 0..<corrupted.count, using: &random)] = UInt8.random(
                        in: 0...255, using: &random)
                }
                inputs.append(corrupted)
            }
            for length in [1, 2, 5, 17, 130, 600] {
                inputs.append((0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
            }
            for parameters in inputs {
                flushTransients()
                let response = tpm.send(code, handles: try prepare(), authorized: authorized, parameters: parameters)
                #expect(response.code != .max, "\(code) answered no response header")
            }
        }
    }

    /// Empties the transient slots between inputs.
    private func flushTransients() {
        for handle in (0..<8).map({ TPMRH.transientFirst + $0 }) {
            _ = tpm.send(.flushContext, parameters: handle.bigEndianBytes)
        }
    }
}

extension TPMScheme {
    fileprivate static let rsaesScheme = TPMScheme(.rsaes)
}
