import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// Which authValue joins the session key, checked against a client session computed from
/// Part 1's formulas (ClientSession): parameter encryption by a policy session, the
/// response of NV_UndefineSpaceSpecial, and a bound session that starts auditing. Each
/// follows the reference's SessionProcess.c.
@Suite struct SessionKeyTests {
    let engine: TPMEngine
    private let auth = Array("index secret".utf8)
    private let zero = [UInt8](repeating: 0, count: 32)

    init() throws { engine = try makeEngine() }

    private func extend(_ old: [UInt8], _ code: TPMCommandCode, _ fields: [UInt8] = []) throws -> [UInt8] {
        try Hash.digest(.sha256, old + be32(code.rawValue) + fields)
    }

    /// PolicyCommandCode(`code`) from the initial digest.
    private func commandCodePolicy(_ code: TPMCommandCode) throws -> [UInt8] {
        try extend(zero, .policyCommandCode, be32(code.rawValue))
    }

    private func assertCommandCode(_ session: ClientSession, _ code: TPMCommandCode) throws {
        try engine.require(
            command(.policyCommandCode, handles: [session.handle], parameters: be32(code.rawValue)), "PolicyCommandCode"
        )
    }

    @Test(
        "A policy session that decrypts NV_Write's data keys the cipher with the index's authValue, without PolicyAuthValue"
    )
    func policySessionDecryptKey() throws {
        let index: TPMHandle = 0x0150_0011
        try engine.define(
            NVTemplates.index(
                index, size: 16, attributes: [.authRead, .policyWrite],
                authPolicy: commandCodePolicy(.nvWrite)), auth: auth)
        let session = try ClientSession(engine, type: 1)
        try assertCommandCode(session, .nvWrite)
        let secret = Array("sixteen byte msg".utf8)
        let nonce = session.rollNonce()
        let hidden = try session.cfb(
            secret, authValue: auth, nonceNewer: nonce, nonceOlder: session.nonceTPM, encrypt: true)
        // 0x21: decrypt + continueSession; the policy needs no authValue, so no HMAC.
        let area = try session.area(.nvWrite, names: [], parameters: [], attributes: 0x21, hmac: false)
        try engine.require(
            command(.nvWrite, handles: [index, index], sessions: [area], parameters: be16(16) + hidden + be16(0)),
            "NV_Write")
        let read = try engine.require(
            command(
                .nvRead, handles: [index, index], sessions: [.password(auth)],
                parameters: be16(16) + be16(0)), "NV_Read")
        #expect(read.parameters == be16(16) + secret, "the TPM decrypted NV_Write's data under another key")
    }

    @Test(
        "A policy session that encrypts NV_Read's data keys the cipher with the index's authValue, without PolicyAuthValue"
    )
    func policySessionEncryptKey() throws {
        let index: TPMHandle = 0x0150_0012
        try engine.define(
            NVTemplates.index(
                index, size: 16, attributes: [.authWrite, .policyRead],
                authPolicy: commandCodePolicy(.nvRead)), auth: auth)
        let secret = Array("sixteen byte msg".utf8)
        try engine.require(Commands.nvWrite(index, secret, session: .password(auth)), "NV_Write")
        let session = try ClientSession(engine, type: 1)
        try assertCommandCode(session, .nvRead)
        let nonce = session.rollNonce()
        // 0x41: encrypt + continueSession.
        let area = try session.area(.nvRead, names: [], parameters: [], attributes: 0x41, hmac: false)
        let response = try engine.require(
            command(.nvRead, handles: [index, index], sessions: [area], parameters: be16(16) + be16(0)),
            "NV_Read")
        let answer = try session.acceptResponse(response, .nvRead, authValue: auth).parameters
        #expect(answer.prefix(2) == [0, 16])
        let clear = try session.cfb(
            Array(answer.dropFirst(2)), authValue: auth, nonceNewer: session.nonceTPM, nonceOlder: nonce,
            encrypt: false)
        #expect(clear == secret, "the TPM encrypted NV_Read's data under another key")
    }

    @Test("NV_UndefineSpaceSpecial's response HMAC is keyed without the deleted index's authValue (Empty Buffer)")
    func undefineSpaceSpecialResponseKey() throws {
        let index: TPMHandle = 0x0140_0013
        let policy = try extend(
            try extend(zero, .policyAuthValue), .policyCommandCode, be32(TPMCommandCode.nvUndefineSpaceSpecial.rawValue)
        )
        try engine.define(
            NVTemplates.index(
                index, size: 8, attributes: [.ppWrite, .ppRead, .platformCreate, .policyDelete],
                authPolicy: policy), auth: auth, by: TPMRH.platform)
        guard let name = try engine.nvPublic(index)?.name else { throw TestSetupError("NV_ReadPublic failed") }
        let session = try ClientSession(engine, type: 1)
        try engine.require(command(.policyAuthValue, handles: [session.handle]), "PolicyAuthValue")
        try assertCommandCode(session, .nvUndefineSpaceSpecial)
        session.rollNonce()
        let area = try session.area(
            .nvUndefineSpaceSpecial, names: [name, be32(TPMRH.platform)], parameters: [], attributes: 0x01,
            authValue: auth)
        let response = try engine.require(
            command(
                .nvUndefineSpaceSpecial, handles: [index, TPMRH.platform],
                sessions: [area, .password()]), "NV_UndefineSpaceSpecial")
        #expect(try session.acceptResponse(response, .nvUndefineSpaceSpecial, authValue: []).hmacMatches)
        #expect(try engine.nvPublic(index) == nil)
    }

    @Test("A bound HMAC session used for audit is no longer bound: after the first use its HMACs include the authValue")
    func boundSessionStartingAudit() throws {
        let index: TPMHandle = 0x0150_0014
        try engine.define(NVTemplates.index(index, size: 8, attributes: NVTemplates.indexAccess), auth: auth)
        try engine.require(Commands.nvWrite(index, Array("8 bytes!".utf8), session: .password(auth)), "NV_Write")
        // Bound once written: the Name it is bound to is the written index's.
        guard let name = try engine.nvPublic(index)?.name else { throw TestSetupError("NV_ReadPublic failed") }
        let session = try ClientSession(engine, type: 0, bind: index, bindAuth: auth)
        let parameters = be16(8) + be16(0)
        for use in 0..<3 {
            // The first use is still bound (its command and response HMACs leave the authValue
            // out); starting the audit ends the binding for the uses after it.
            let key = use == 0 ? [] : auth
            session.rollNonce()
            // 0x81: audit + continueSession.
            let area = try session.area(
                .nvRead, names: [name, name], parameters: parameters, attributes: 0x81, authValue: key)
            let response = Response(
                engine.execute(
                    command(.nvRead, handles: [index, index], sessions: [area], parameters: parameters),
                    locality: 0))
            #expect(response.code == 0, "use \(use + 1): 0x\(String(response.code, radix: 16))")
            guard response.code == 0 else { return }
            #expect(try session.acceptResponse(response, .nvRead, authValue: key).hmacMatches, "use \(use + 1)")
        }
    }
}
