import DeviceStore
import Profiles
import TrustCrypto

@testable import SmartCard

/// A PIV card (profile piv-default) with the host side of the PIV exchanges: selection,
/// management-key authentication, PIN verification and GENERAL AUTHENTICATE templates.
extension TestCard {
    static let pivProfile: HardwareProfile = {
        do { return try ProfileLoader.load("piv-default") } catch {
            preconditionFailure("the PIV card profile must load: \(error)")
        }
    }()

    static func piv(store: DeviceStore = MemoryStore()) throws -> TestCard {
        let card = try TestCard(store: store, profile: pivProfile)
        _ = card.selectPIV()
        return card
    }

    static let pivAID: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x08]
    static let defaultManagementKey: [UInt8] = Array(1...8) + Array(1...8) + Array(1...8)

    @discardableResult
    func selectPIV() -> Reply { send(0xA4, 0x04, 0x00, Self.pivAID) }

    func verifyPIV(_ pin: String = "123456") -> Reply { send(0x20, 0x00, 0x80, PIVState.padded(pin)) }

    /// Mutual authentication with the card management key, as yubico-piv-tool does it:
    /// the witness decrypted, and the card's answer to our challenge checked.
    func authenticateManagementKey(_ key: [UInt8] = TestCard.defaultManagementKey, algorithm: UInt8 = 0x03) throws
        -> Reply
    {
        let cipher: SymmetricAlgorithm = algorithm == 0x03 ? .tdes : .aes
        let request = sendCollecting(
            CommandAPDU(ins: 0x87, p1: algorithm, p2: 0x9B, data: [0x7C, 0x02, 0x80, 0x00], ne: 256))
        guard request.sw == 0x9000, request.data.count == 4 + cipher.blockSize else { return request }
        let witness = try SymmetricCipher.decrypt(
            cipher, mode: .ecb, key: key, iv: [], data: Array(request.data.dropFirst(4))
        ).output
        let challenge = SecureBytes.random(cipher.blockSize)
        let body = [0x80, UInt8(witness.count)] + witness + [0x81, UInt8(challenge.count)] + challenge + [0x82, 0x00]
        let reply = sendCollecting(
            CommandAPDU(ins: 0x87, p1: algorithm, p2: 0x9B, data: [0x7C, UInt8(body.count)] + body, ne: 256))
        guard reply.sw == 0x9000 else { return reply }
        let expected = try SymmetricCipher.encrypt(cipher, mode: .ecb, key: key, iv: [], data: challenge).output
        return reply.data == [0x7C, UInt8(2 + expected.count), 0x82, UInt8(expected.count)] + expected
            ? reply : Reply(data: reply.data, sw: 0x6300)
    }

    /// GENERATE in `slot` with PIV algorithm `algorithm`; the public key template 7F49.
    func generatePIV(slot: UInt8, algorithm: UInt8, policies: [UInt8] = []) -> Reply {
        let body = [0x80, 0x01, algorithm] + policies
        return sendCollecting(
            CommandAPDU(ins: 0x47, p1: 0x00, p2: slot, data: [0xAC, UInt8(body.count)] + body, ne: 256))
    }

    /// GENERAL AUTHENTICATE with 81 `input` and 82 asked for; the 82 value on success.
    func pivSign(slot: UInt8, algorithm: UInt8, _ input: [UInt8]) -> Reply {
        let inner = [0x82, 0x00] + BERTLV.encode(0x81, input)
        let reply = sendCollecting(
            CommandAPDU(ins: 0x87, p1: algorithm, p2: slot, data: BERTLV.encode(0x7C, inner), ne: 256))
        guard reply.sw == 0x9000, let outer = BERTLV.parse(reply.data),
            let items = BERTLV.parse(outer.first?.value ?? []),
            let signature = BERTLV.value(0x82, in: items)
        else { return reply }
        return Reply(data: signature, sw: reply.sw)
    }
}
