import DeviceStore
import Profiles

@testable import SmartCard

/// A card behind APDU bytes, as a reader sees it, with helpers to build commands.
final class TestCard {
    static let profile: HardwareProfile = {
        do { return try ProfileLoader.load("iso7816-default") } catch {
            preconditionFailure("the default card profile must load: \(error)")
        }
    }()

    let os: CardOS
    let store: DeviceStore

    init(store: DeviceStore = MemoryStore(), profile: HardwareProfile = TestCard.profile) throws {
        self.store = store
        os = try CardOS(profile: profile, store: store)
        _ = os.powerOn()
    }

    struct Reply: Equatable {
        var data: [UInt8]
        var sw: UInt16
    }

    func send(_ bytes: [UInt8]) -> Reply {
        let response = os.process(bytes)
        precondition(response.count >= 2, "every response ends in SW1 SW2")
        return Reply(
            data: Array(response.dropLast(2)),
            sw: UInt16(response[response.count - 2]) << 8 | UInt16(response[response.count - 1]))
    }

    func send(_ apdu: CommandAPDU) -> Reply { send(apdu.bytes) }

    func send(cla: UInt8 = 0, _ ins: UInt8, _ p1: UInt8, _ p2: UInt8, _ data: [UInt8] = [], ne: Int? = nil) -> Reply {
        send(CommandAPDU(cla: cla, ins: ins, p1: p1, p2: p2, data: data, ne: ne))
    }

    /// Sends the command and follows 61xx with GET RESPONSE until the whole answer is in.
    func sendCollecting(_ apdu: CommandAPDU) -> Reply {
        var reply = send(apdu)
        var data = reply.data
        while reply.sw >> 8 == 0x61 {
            reply = send(cla: apdu.cla & 0x03, 0xC0, 0, 0, ne: 256)
            data += reply.data
        }
        return Reply(data: data, sw: reply.sw)
    }

    func selectApplication(channel cla: UInt8 = 0) -> Reply { send(cla: cla, 0xA4, 0x04, 0x0C, CardLayout.firstAID) }
    func verifyPIN(_ pin: String = "123456") -> Reply { send(0x20, 0x00, 0x01, Array(pin.utf8)) }
}
