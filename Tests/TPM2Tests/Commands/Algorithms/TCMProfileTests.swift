import Profiles
import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// The TCM 2.0 profile in process: SM4-CFB parameter encryption under an SM3 session (each side
/// computed here from Part 1 §21 and §19.6, not by the engine's code), SM4 storage keys with SM3
/// Names, and TestParms answering for the SM suite and against RSA.
@Suite("TCM 2.0 profile")
struct TCMProfileTests {
    static let profile: HardwareProfile = {
        do { return try ProfileLoader.load("tcm2-generic") } catch {
            preconditionFailure("the TCM profile must load: \(error)")
        }
    }()

    @Test("an SM3 HMAC session with SM4-128 CFB encrypts TPM2_Hash's data and its outHash both ways")
    func sm4ParameterEncryption() throws {
        let engine = try makeEngine(profile: Self.profile)
        let nonceCaller = [UInt8](repeating: 0x11, count: 32)
        let started = Response(
            engine.execute(
                Commands.startAuthSession(
                    nonce: nonceCaller, symmetric: TPMSymmetricDefinition(.sm4, keyBits: 128, mode: .cfb),
                    authHash: .sm3_256), locality: 0))
        #expect(started.code == 0)
        let session = try #require(started.handle)
        var reader = TPMReader(Array(started.body.dropFirst(4)))
        let nonceTPM = try reader.readSized(max: 64)

        // Unbound and unsalted: the session key and the HMAC key are empty (Part 1 §19.6.8).
        let data = Array("TCM 2.0 parameter encryption".utf8)
        let nonceNext = [UInt8](repeating: 0x22, count: 32)
        let commandMask = try KDF.kdfa(
            .sm3_256, key: [], label: "CFB", contextU: nonceNext, contextV: nonceTPM, bits: 256)
        let encryptedData = try SymmetricCipher.encrypt(
            .sm4, mode: .cfb, key: Array(commandMask.prefix(16)),
            iv: Array(commandMask.suffix(16)), data: data
        ).output
        var parameters = TPMWriter()
        parameters.writeSized(encryptedData)
        parameters.write(TPMAlgorithm.sm3_256)
        parameters.write(TPMRH.null)
        let attributes: UInt8 = 0x01 | 0x20 | 0x40  // continueSession, decrypt, encrypt
        let cpHash = try Hash.digest(.sm3_256, [be32(TPMCommandCode.hash.rawValue), parameters.bytes])
        let hmac = try HMAC.authenticationCode(.sm3_256, key: [], data: cpHash + nonceNext + nonceTPM + [attributes])
        let bytes = command(
            .hash, sessions: [AuthArea(handle: session, nonce: nonceNext, attributes: attributes, hmac: hmac)],
            parameters: parameters.bytes)
        let response = Response(engine.execute(bytes, locality: 0))
        #expect(response.code == 0)

        var body = TPMReader(response.body)
        let parameterSize: UInt32 = try body.read()
        var outParameters = TPMReader(try body.readBytes(Int(parameterSize)))
        let encryptedDigest = try outParameters.readSized(max: 64)
        let nextNonceTPM = try body.readSized(max: 64)
        let responseMask = try KDF.kdfa(
            .sm3_256, key: [], label: "CFB", contextU: nextNonceTPM, contextV: nonceNext, bits: 256)
        let digest = try SymmetricCipher.decrypt(
            .sm4, mode: .cfb, key: Array(responseMask.prefix(16)),
            iv: Array(responseMask.suffix(16)), data: encryptedDigest
        ).output
        #expect(try digest == Hash.digest(.sm3_256, data))
    }

    @Test("an SM4 storage primary with an SM3 Name is created; TestParms takes the SM suite and refuses RSA")
    func sm4StorageAndTestParms() throws {
        let engine = try makeEngine(profile: Self.profile)
        let storage = TPMPublic(
            type: .ecc, nameAlg: .sm3_256,
            attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .restricted, .decrypt],
            parameters: .ecc(
                symmetric: TPMSymmetricDefinition(.sm4, keyBits: 128, mode: .cfb), scheme: .null, curve: .sm2P256,
                kdf: .null),
            unique: .ecc(TPMECCPoint()))
        let created = Response(engine.execute(Commands.createPrimary(storage), locality: 0))
        #expect(created.code == 0)
        var parms = TPMWriter()
        parms.write(TPMAlgorithm.ecc)
        parms.write(
            TPMPublicParameters.ecc(
                symmetric: .null, scheme: TPMScheme(.sm2, hash: .sm3_256), curve: .sm2P256, kdf: .null))
        #expect(responseCode(engine, command(.testParms, parameters: parms.bytes)) == 0)
        var rsa = TPMWriter()
        rsa.write(TPMAlgorithm.rsa)
        rsa.write(TPMPublicParameters.rsa(symmetric: .null, scheme: .null, keyBits: 2048, exponent: 0))
        #expect(responseCode(engine, command(.testParms, parameters: rsa.bytes)) == 0x1CA)  // TPM_RC_TYPE, parameter 1
    }
}
