import DeviceStore
import Profiles

@testable import SmartCard

/// An openpgp-default card with the OpenPGP application selected, and the commands its tests send.
extension TestCard {
    static let openPGPProfile: HardwareProfile = {
        do { return try ProfileLoader.load("openpgp-default") } catch {
            preconditionFailure("the OpenPGP card profile must load: \(error)")
        }
    }()

    static let openPGPPrefix: [UInt8] = [0xD2, 0x76, 0x00, 0x01, 0x24, 0x01]

    static func openPGP(store: DeviceStore = MemoryStore()) throws -> TestCard {
        let card = try TestCard(store: store, profile: openPGPProfile)
        _ = card.selectOpenPGP()
        return card
    }

    @discardableResult
    func selectOpenPGP(p2: UInt8 = 0x00) -> Reply { send(0xA4, 0x04, p2, Self.openPGPPrefix) }

    @discardableResult
    func verify(_ reference: UInt8, _ password: String) -> Reply { send(0x20, 0x00, reference, Array(password.utf8)) }

    @discardableResult
    func verifyAdmin() -> Reply { verify(0x83, "12345678") }

    func getData(_ tag: UInt16) -> Reply {
        sendCollecting(CommandAPDU(ins: 0xCA, p1: UInt8(tag >> 8), p2: UInt8(tag & 0xFF), ne: 256))
    }

    @discardableResult
    func putData(_ tag: UInt16, _ value: [UInt8]) -> Reply {
        send(CommandAPDU(ins: 0xDA, p1: UInt8(tag >> 8), p2: UInt8(tag & 0xFF), data: value))
    }

    /// GENERATE ASYMMETRIC KEY PAIR (P1 80 generate, 81 read) for the key CRT `crt` names.
    @discardableResult
    func generate(_ crt: UInt8, p1: UInt8 = 0x80) -> Reply {
        sendCollecting(CommandAPDU(ins: 0x47, p1: p1, p2: 0x00, data: [crt, 0x00], ne: 256))
    }

    /// The objects inside the 7F49 a key generation answered.
    func publicKey(_ crt: UInt8, p1: UInt8 = 0x80) -> [(tag: UInt16, value: [UInt8])]? {
        let reply = generate(crt, p1: p1)
        guard reply.sw == 0x9000, let outer = BERTLV.parse(reply.data), outer.count == 1, outer[0].tag == 0x7F49 else {
            return nil
        }
        return BERTLV.parse(outer[0].value)
    }

    func sign(_ input: [UInt8]) -> Reply {
        sendCollecting(CommandAPDU(ins: 0x2A, p1: 0x9E, p2: 0x9A, data: input, ne: 256))
    }
    func decipher(_ input: [UInt8]) -> Reply {
        sendCollecting(CommandAPDU(ins: 0x2A, p1: 0x80, p2: 0x86, data: input, ne: 256))
    }
    func authenticate(_ input: [UInt8]) -> Reply {
        sendCollecting(CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x00, data: input, ne: 256))
    }
}
