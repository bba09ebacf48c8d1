import DeviceStore
import Foundation
import Logging
import Profiles
import SmartCard
import Testing

@testable import Transports

/// The driver's side follows vsmartcard's vpcd.c: it listens, the card connects, and every
/// message is `u16 length | payload`; controls 0/1/2 get no reply, 4 gets the ATR.
@Suite struct VpcdClientTests {
    @Test func getATRIsAnsweredWithoutResettingTheCard() throws {
        let rig = try Rig()
        defer { rig.client.stop() }
        let link = try rig.driver.acceptCard()
        try link.send(vpcdFrame([0x04]))
        #expect(try link.receiveFrame() == RecordingCard.atr)
        try link.send(vpcdFrame([0x04]))
        #expect(try link.receiveFrame() == RecordingCard.atr)
        #expect(rig.recording.events == [.powerOn])
    }

    @Test func powerControlsGetNoReplyAndResetPowersOn() throws {
        let rig = try Rig()
        defer { rig.client.stop() }
        let link = try rig.driver.acceptCard()
        // No reply to 0, 1, 2: the APDU's answer is the first frame that comes back.
        try link.send(vpcdFrame([0x00]) + vpcdFrame([0x01]) + vpcdFrame([0x02]) + vpcdFrame([0x00, 0xA4, 0x00, 0x00]))
        #expect(try link.receiveFrame() == RecordingCard.reply)
        #expect(rig.recording.events == [.powerOn, .powerOn, .powerOn, .process([0x00, 0xA4, 0x00, 0x00])])
    }

    @Test func selectMasterFileRoundTripsThroughTheCardOS() throws {
        let profile = try ProfileLoader.load("iso7816-default")
        let rig = try Rig(card: try CardOS(profile: profile, store: MemoryStore()))
        defer { rig.client.stop() }
        let link = try rig.driver.acceptCard()
        try link.send(vpcdFrame([0x04]))
        #expect(try link.receiveFrame() == profile.card?.atrBytes)
        try link.send(vpcdFrame([0x00, 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00]))
        let response = try link.receiveFrame()
        let sw = Array(response.suffix(2))
        #expect(sw == [0x90, 0x00] || sw.first == 0x61)
    }

    @Test func shortAndOddMessagesAreAnsweredOrIgnoredNeverFatal() throws {
        let rig = try Rig()
        defer { rig.client.stop() }
        let link = try rig.driver.acceptCard()
        // Empty message and unknown control: ignored. Two bytes: too short for an APDU, but
        // the card answers it with a status word, so it goes to the card.
        try link.send(vpcdFrame([]) + vpcdFrame([0x03]) + vpcdFrame([0x00, 0xA4]))
        #expect(try link.receiveFrame() == RecordingCard.reply)
        #expect(rig.recording.events == [.powerOn, .process([0x00, 0xA4])])
        #expect(rig.logs.lines.contains { $0.contains("empty message") })
        #expect(rig.logs.lines.contains { $0.contains("0x03") })
        #expect(rig.client.isConnected)
    }

    @Test func aLengthPromisingMoreThanArrivesDropsTheConnectionAndReconnects() throws {
        let rig = try Rig(readTimeoutMilliseconds: 200)
        defer { rig.client.stop() }
        let first = try rig.driver.acceptCard()
        try first.send([0xFF, 0xFF, 0x00, 0xA4])  // 65535 announced, 2 sent, then silence
        let second = try rig.driver.acceptCard()
        try second.send(vpcdFrame([0x04]))
        #expect(try second.receiveFrame() == RecordingCard.atr)
        #expect(rig.logs.lines.contains { $0.contains("disconnected") && $0.contains("2 of 65535") })
        first.close()
    }

    @Test func reconnectsAfterTheDriverCloses() throws {
        let rig = try Rig(logLevel: .trace)
        defer { rig.client.stop() }
        let first = try rig.driver.acceptCard()
        first.close()
        let second = try rig.driver.acceptCard()
        try second.send(vpcdFrame([0x00, 0xB0, 0x00, 0x00, 0x00]))
        #expect(try second.receiveFrame() == RecordingCard.reply)
        let lines = rig.logs.waitForLines(5)
        #expect(lines.filter { $0.contains("card connected") }.count == 2)
        #expect(lines.contains { $0.contains("the driver closed the connection") })
        // At trace level each APDU and its answer are logged in hex (`serve card --trace`).
        #expect(lines.contains("vpcd: > 00 B0 00 00 00"))
        #expect(lines.contains { $0.hasPrefix("vpcd: < ") })
    }

    @Test func waitsForADriverThatIsNotThereYet() throws {
        let probe = try ListeningSocket(endpoint: .tcp(host: "127.0.0.1", port: 0))
        let port = try #require(probe.port)
        probe.close()
        let logs = LogRecorder()
        let client = VpcdClient(
            card: RecordingCard(), options: .init(port: port, maxRetryMilliseconds: 100), logger: logs.logger)
        client.start()
        defer { client.stop() }
        #expect(logs.waitForLines(1).first?.contains("cannot connect") == true)
        let driver = try FakeVpcd(port: port)
        let link = try driver.acceptCard()
        try link.send(vpcdFrame([0x04]))
        #expect(try link.receiveFrame() == RecordingCard.atr)
        #expect(logs.lines.filter { $0.contains("cannot connect") }.count == 1)
    }

    @Test func stopEndsAnIdleConnectionPromptly() throws {
        let rig = try Rig()
        let client = rig.client
        let link = try rig.driver.acceptCard()
        let started = Date()
        client.stop()
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(link.isClosedByServer())
        #expect(!client.isConnected)
    }

    @Test func parsesTheVpcdOption() throws {
        #expect(try VpcdClient.Options(parsing: "127.0.0.1:35963") == .init(host: "127.0.0.1", port: 35963))
        #expect(try VpcdClient.Options(parsing: "[::1]:35964") == .init(host: "::1", port: 35964))
        #expect(try VpcdClient.Options(parsing: "localhost:1") == .init(host: "localhost", port: 1))
        for bad in [
            "", "127.0.0.1", ":35963", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "host:port", "::1:35963",
            "[::1]35963", "[::1",
        ] {
            #expect(throws: TransportError.self) { try VpcdClient.Options(parsing: bad) }
        }
        do {
            _ = try VpcdClient.Options(parsing: "127.0.0.1")
        } catch {
            #expect(error.description.contains("--vpcd HOST:PORT"))
        }
    }

    @Test func framesAreBigEndianAndOversizedResponsesBecome6F00() {
        #expect(VpcdProtocol.frame([0x90, 0x00]) == [0x00, 0x02, 0x90, 0x00])
        #expect(VpcdProtocol.frame([UInt8](repeating: 1, count: 0x1234)).prefix(2) == [0x12, 0x34])
        #expect(VpcdProtocol.frame([UInt8](repeating: 1, count: 0x10000)) == [0x00, 0x02, 0x6F, 0x00])
    }
}

/// A client serving a card (a `RecordingCard` unless given one) to a fake driver, logging into `logs`.
private struct Rig {
    let recording = RecordingCard()
    let logs: LogRecorder
    let driver: FakeVpcd
    let client: VpcdClient

    init(card: VpcdCard? = nil, readTimeoutMilliseconds: Int = 3_000, logLevel: Logger.Level = .notice) throws {
        logs = LogRecorder(level: logLevel)
        driver = try FakeVpcd()
        client = VpcdClient(
            card: card ?? recording,
            options: .init(
                port: driver.port, maxRetryMilliseconds: 100,
                readTimeoutMilliseconds: readTimeoutMilliseconds), logger: logs.logger)
        client.start()
    }
}

/// The driver's end: listens on a loopback port, as vpcd does, and accepts the card.
final class FakeVpcd {
    let listener: ListeningSocket
    let port: UInt16

    init(port: UInt16 = 0) throws {
        listener = try ListeningSocket(endpoint: .tcp(host: "127.0.0.1", port: port))
        self.port = try #require(listener.port)
    }

    deinit { listener.close() }

    func acceptCard() throws -> TestClient {
        switch listener.accept() {
        case .connection(let fd): return TestClient(adopting: fd)
        case .closed: throw SocketError.badAddress("the fake vpcd listener closed")
        case .failed(let error): throw error
        }
    }
}

extension TestClient {
    /// One `u16 length | payload` message.
    func receiveFrame() throws -> [UInt8] {
        let prefix = try receive(2)
        return try receive(Int(prefix[0]) << 8 | Int(prefix[1]))
    }
}

func vpcdFrame(_ payload: [UInt8]) -> [UInt8] {
    [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
}

/// Records what reached the card; answers every APDU with one fixed reply.
final class RecordingCard: VpcdCard, @unchecked Sendable {
    // Safe: `recorded` is only touched under `lock`.
    enum Event: Equatable {
        case powerOn
        case process([UInt8])
    }
    static let atr: [UInt8] = [0x3B, 0x80, 0x80, 0x01, 0x01]
    static let reply: [UInt8] = [0xCA, 0xFE, 0x90, 0x00]
    private let lock = NSLock()
    private var recorded: [Event] = []

    var events: [Event] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func powerOn() -> [UInt8] {
        record(.powerOn)
        return Self.atr
    }

    func process(_ apdu: [UInt8]) -> [UInt8] {
        record(.process(apdu))
        return Self.reply
    }

    private func record(_ event: Event) {
        lock.lock()
        recorded.append(event)
        lock.unlock()
    }
}
