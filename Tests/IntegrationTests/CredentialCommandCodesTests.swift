import Foundation
import TPM2
import TPMTypes
import Testing

/// MakeCredential, ActivateCredential, Import and Rewrap in command bytes: the response codes
/// and culprit numbers tpm2-tools never provoke, and a Rewrap → Import → Load round trip.
@Suite struct CredentialCommandCodesTests {
    let tpm: InProcessTPM

    init() throws { tpm = try InProcessTPM() }

    private func code(_ response: InProcessTPM.Response) -> String { "0x" + String(response.code, radix: 16) }

    private func makeCredential(_ key: TPMHandle, credential: [UInt8], name: [UInt8]) -> InProcessTPM.Response {
        var w = TPMWriter()
        w.writeSized(credential)
        w.writeSized(name)
        return tpm.send(.makeCredential, handles: [key], parameters: w.bytes)
    }

    private func activate(_ object: TPMHandle, _ key: TPMHandle, blob: [UInt8], secret: [UInt8])
        -> InProcessTPM.Response
    {
        var w = TPMWriter()
        w.writeSized(blob)
        w.writeSized(secret)
        return tpm.send(.activateCredential, handles: [object, key], authorized: 2, parameters: w.bytes)
    }

    private func name(_ handle: TPMHandle) throws -> [UInt8] {
        let response = tpm.send(.readPublic, handles: [handle], parameters: [])
        var r = TPMReader(response.parameters)
        _ = try r.readSized(max: 1024)
        return try r.readSized(max: 66)
    }

    @Test("MakeCredential and ActivateCredential refuse unrestricted keys, long credentials and bad blobs")
    func credentialCodes() throws {
        let storage = try tpm.createPrimary(InProcessTPM.storageTemplate)
        let signer = try tpm.createPrimary(InProcessTPM.eccTemplate([.sign]))
        let decrypter = try tpm.createPrimary(InProcessTPM.eccTemplate([.decrypt]))
        let signerName = try name(signer)
        // Not a restricted decryption key: TPM_RC_TYPE on the key handle.
        #expect(makeCredential(decrypter, credential: [1, 2, 3], name: signerName).code == 0x18A)
        #expect(makeCredential(signer, credential: [1, 2, 3], name: signerName).code == 0x18A)
        // Longer than the key's name digest (SHA-256): TPM_RC_SIZE on parameter 1.
        #expect(makeCredential(storage, credential: [UInt8](repeating: 1, count: 33), name: signerName).code == 0x1D5)

        let made = makeCredential(storage, credential: Array("credential".utf8), name: signerName)
        try #require(made.code == 0, "\(code(made))")
        var r = TPMReader(made.parameters)
        let blob = try r.readSized(max: 1024)
        let secret = try r.readSized(max: 1024)
        let activated = activate(signer, storage, blob: blob, secret: secret)
        #expect(activated.code == 0, "\(code(activated))")
        #expect(activated.parameters == [0, 10] + Array("credential".utf8))

        // keyHandle not a restricted decryption key: TPM_RC_TYPE on handle 2.
        #expect(activate(signer, decrypter, blob: blob, secret: secret).code == 0x28A)
        // A secret that does not decrypt: TPM_RC_VALUE on parameter 2.
        #expect(activate(signer, storage, blob: blob, secret: [UInt8](repeating: 0x55, count: 256)).code == 0x2C4)
        // Another object's Name, or a blob cut short: TPM_RC_INTEGRITY / TPM_RC_INSUFFICIENT on parameter 1.
        #expect(activate(decrypter, storage, blob: blob, secret: secret).code == 0x1DF)
        #expect(activate(signer, storage, blob: [0], secret: secret).code == 0x1DA)
    }

    /// A sealed-data public area for `data` under `seed`, unique = H(seed || data) from TPM2_Hash.
    private func sealedObject(_ data: [UInt8], seed: [UInt8]) throws -> (TPMPublic, TPMSensitive) {
        var w = TPMWriter()
        w.writeSized(seed + data)
        w.write(TPMAlgorithm.sha256)
        w.write(TPMRH.null)
        let hashed = tpm.send(.hash, parameters: w.bytes)
        var r = TPMReader(hashed.parameters)
        let unique = try r.readSized(max: 64)
        let publicArea = TPMPublic(
            type: .keyedHash, nameAlg: .sha256, attributes: [.userWithAuth, .noDA],
            parameters: .keyedHash(scheme: .null), unique: .digest(unique))
        return (publicArea, TPMSensitive(type: .keyedHash, authValue: [], seedValue: seed, sensitive: data))
    }

    private func importObject(
        _ parent: TPMHandle, key: [UInt8] = [], publicArea: TPMPublic, duplicate: [UInt8], seed: [UInt8],
        sym: TPMSymmetricDefinition = .null
    ) -> InProcessTPM.Response {
        var w = TPMWriter()
        w.writeSized(key)
        publicArea.marshalSized(into: &w)
        w.writeSized(duplicate)
        w.writeSized(seed)
        w.write(sym)
        return tpm.send(.import, handles: [parent], authorized: 1, parameters: w.bytes)
    }

    private func rewrap(_ old: TPMHandle, _ new: TPMHandle, duplicate: [UInt8], name: [UInt8], seed: [UInt8])
        -> InProcessTPM.Response
    {
        var w = TPMWriter()
        w.writeSized(duplicate)
        w.writeSized(name)
        w.writeSized(seed)
        return tpm.send(.rewrap, handles: [old, new], authorized: 1, parameters: w.bytes)
    }

    @Test("Rewrap adds an outer wrapper Import removes; both number their culprits")
    func rewrapThenImport() throws {
        let storage = try tpm.createPrimary(InProcessTPM.storageTemplate)
        let secret = Array("sealed by software".utf8)
        let (publicArea, sensitive) = try sealedObject(secret, seed: [UInt8](repeating: 0x42, count: 32))
        var clear = TPMWriter()
        clear.writeNested { sensitive.marshal(into: &$0) }
        let name = publicArea.name

        // No outer wrapper in, none out: the blob comes back as it was.
        let same = rewrap(TPMRH.null, TPMRH.null, duplicate: clear.bytes, name: name, seed: [])
        #expect(same.code == 0, "\(code(same))")
        #expect(same.parameters.dropFirst(2).prefix(clear.bytes.count).elementsEqual(clear.bytes))
        // A seed without an old parent, or an old parent without a seed: TPM_RC_HANDLE on handle 1.
        #expect(rewrap(TPMRH.null, storage, duplicate: clear.bytes, name: name, seed: [1, 2]).code == 0x18B)
        #expect(rewrap(storage, storage, duplicate: clear.bytes, name: name, seed: []).code == 0x18B)

        let wrapped = rewrap(TPMRH.null, storage, duplicate: clear.bytes, name: name, seed: [])
        try #require(wrapped.code == 0, "\(code(wrapped))")
        var r = TPMReader(wrapped.parameters)
        let duplicate = try r.readSized(max: 4096)
        let seed = try r.readSized(max: 1024)
        #expect(seed.count == 256)

        // Rewrap from the storage key with the wrong Name: the outer HMAC fails on parameter 1.
        #expect(rewrap(storage, TPMRH.null, duplicate: duplicate, name: name.reversed(), seed: seed).code == 0x1DF)
        let unwrapped = rewrap(storage, TPMRH.null, duplicate: duplicate, name: name, seed: seed)
        #expect(
            unwrapped.code == 0
                && unwrapped.parameters.dropFirst(2).prefix(clear.bytes.count).elementsEqual(clear.bytes))

        // Import's own checks, in the reference implementation's order.
        var fixed = publicArea
        fixed.attributes.insert(.fixedParent)
        #expect(importObject(storage, publicArea: fixed, duplicate: duplicate, seed: seed).code == 0x2C2)
        #expect(importObject(storage, key: [1], publicArea: publicArea, duplicate: duplicate, seed: seed).code == 0x1D5)
        let aes = TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb)
        #expect(
            importObject(storage, key: [1], publicArea: publicArea, duplicate: duplicate, seed: seed, sym: aes).code
                == 0x1D5)
        #expect(importObject(storage, publicArea: publicArea, duplicate: [], seed: []).code == 0x3D5)
        var tampered = duplicate
        tampered[tampered.count - 1] ^= 1
        #expect(importObject(storage, publicArea: publicArea, duplicate: tampered, seed: seed).code == 0x3DF)
        #expect(
            importObject(storage, publicArea: publicArea, duplicate: duplicate, seed: [UInt8](repeating: 3, count: 256))
                .code == 0x4C4)

        let imported = importObject(storage, publicArea: publicArea, duplicate: duplicate, seed: seed)
        try #require(imported.code == 0, "\(code(imported))")
        var load = TPMWriter()
        load.write(bytes: imported.parameters)
        publicArea.marshalSized(into: &load)
        let loaded = tpm.send(.load, handles: [storage], authorized: 1, parameters: load.bytes, responseHandle: true)
        try #require(loaded.code == 0, "\(code(loaded))")
        let unsealed = tpm.send(.unseal, handles: [try #require(loaded.handle)], authorized: 1, parameters: [])
        #expect(unsealed.parameters == [0, UInt8(secret.count)] + secret)
    }
}
