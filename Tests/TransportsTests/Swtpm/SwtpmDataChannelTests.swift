import Foundation
import Testing

@testable import Transports

@Suite struct SwtpmDataChannelTests {
    @Test func rawCommandRoundTrip() throws {
        let device = FakeTPM()
        let (server, logs) = try startSwtpm(device)
        defer { server.stop() }

        let client = try TestClient.tcp(server.dataPort)
        try client.send(getRandom)
        #expect(try client.receive(FakeTPM.response.count) == FakeTPM.response)
        #expect(device.executed == [.execute(getRandom, locality: 0)])
        #expect(logs.lines.isEmpty)
    }

    @Test func sessionsTagIsRawToo() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }

        var command = getRandom
        command[1] = 0x02
        let client = try TestClient.tcp(server.dataPort)
        try client.send(command)
        #expect(try client.receive(FakeTPM.response.count) == FakeTPM.response)
        #expect(device.executed == [.execute(command, locality: 0)])
    }

    @Test func sendCommandFramingIsAnsweredFramedAndSetsLocality() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }

        let client = try TestClient.tcp(server.dataPort)
        try client.send(sendCommandFrame(getRandom, locality: 3))
        let expected = framedResponse(FakeTPM.response)
        #expect(try client.receive(expected.count) == expected)

        // swtpm keeps the prefix's locality for later raw commands.
        try client.send(getRandom)
        #expect(try client.receive(FakeTPM.response.count) == FakeTPM.response)
        #expect(device.executed == [.execute(getRandom, locality: 3), .execute(getRandom, locality: 3)])
        #expect(server.locality == 3)
    }

    @Test func manyCommandsOnOneConnection() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }

        let client = try TestClient.tcp(server.dataPort)
        for _ in 0..<20 {
            try client.send(getRandom)
            #expect(try client.receive(FakeTPM.response.count) == FakeTPM.response)
        }
        #expect(device.executed.count == 20)
    }

    @Test func oneConnectionPerCommand() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }

        for _ in 0..<10 {
            let client = try TestClient.tcp(server.dataPort)
            try client.send(getRandom)
            #expect(try client.receive(FakeTPM.response.count) == FakeTPM.response)
            client.close()
        }
        #expect(device.executed.count == 10)
    }

    @Test func pipelinedCommandsAreAnsweredInOrder() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }

        let client = try TestClient.tcp(server.dataPort)
        try client.send(getRandom + sendCommandFrame(getRandom, locality: 1) + getRandom)
        let expected = FakeTPM.response + framedResponse(FakeTPM.response) + FakeTPM.response
        #expect(try client.receive(expected.count) == expected)
    }

    @Test func setLocalityOnControlChannelAppliesToCommands() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }

        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(5, [2]) == be32(0))
        let data = try TestClient.tcp(server.dataPort)
        try data.send(getRandom)
        _ = try data.receive(FakeTPM.response.count)
        #expect(device.executed == [.execute(getRandom, locality: 2)])
    }

    @Test(arguments: [UInt32(4097), 0xFFFF_FFFF, 9, 0])
    func outOfRangeSizeIsRefusedAndServingContinues(size: UInt32) throws {
        let device = FakeTPM()
        let (server, logs) = try startSwtpm(device)
        defer { server.stop() }

        let bad = try TestClient.tcp(server.dataPort)
        try bad.send([0x80, 0x01] + be32(size) + [0, 0, 0x01, 0x7B])
        #expect(try bad.receive(10) == [0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x42])
        #expect(bad.isClosedByServer())
        #expect(logs.waitForLines(1).count == 1)

        let good = try TestClient.tcp(server.dataPort)
        try good.send(getRandom)
        #expect(try good.receive(FakeTPM.response.count) == FakeTPM.response)
        #expect(device.executed == [.execute(getRandom, locality: 0)])
        #expect(logs.lines.count == 1)
    }

    @Test func oversizeSendCommandFrameIsRefusedFramed() throws {
        let device = FakeTPM()
        let (server, logs) = try startSwtpm(device)
        defer { server.stop() }

        let client = try TestClient.tcp(server.dataPort)
        try client.send(be32(8) + [0] + be32(100_000) + [0x80])
        let expected = framedResponse([0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x42])
        #expect(try client.receive(expected.count) == expected)
        #expect(client.isClosedByServer())
        #expect(logs.waitForLines(1).count == 1)
        #expect(device.executed.isEmpty)
    }

    @Test func garbageIsRefusedAndServingContinues() throws {
        let device = FakeTPM()
        let (server, logs) = try startSwtpm(device)
        defer { server.stop() }

        let bad = try TestClient.tcp(server.dataPort)
        try bad.send(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(try bad.receive(10) == [0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x42])
        #expect(bad.isClosedByServer())

        let good = try TestClient.tcp(server.dataPort)
        try good.send(getRandom)
        #expect(try good.receive(FakeTPM.response.count) == FakeTPM.response)
        #expect(logs.waitForLines(1).count == 1)
    }

    @Test func unknownTagWithSaneSizeGoesToTheDevice() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }

        let command: [UInt8] = [0x00, 0xC1, 0, 0, 0, 0x0A, 0, 0, 0, 0x99]
        let client = try TestClient.tcp(server.dataPort)
        try client.send(command)
        #expect(try client.receive(FakeTPM.response.count) == FakeTPM.response)
        #expect(device.executed == [.execute(command, locality: 0)])
    }

    @Test func stalledCommandTimesOutAndServingContinues() throws {
        let device = FakeTPM()
        let (server, logs) = try startSwtpm(device)
        defer { server.stop() }

        let stalled = try TestClient.tcp(server.dataPort)
        try stalled.send([0x80, 0x01, 0, 0, 0, 20, 0, 0, 0x01, 0x7B, 1, 2])
        let other = try TestClient.tcp(server.dataPort)
        try other.send(getRandom)
        #expect(try other.receive(FakeTPM.response.count) == FakeTPM.response)

        #expect(stalled.isClosedByServer())
        let lines = logs.waitForLines(1)
        #expect(lines.count == 1)
        #expect(lines.first?.contains("read timeout") == true)
        #expect(device.executed.count == 1)
    }

    @Test func truncatedCommandIsLoggedOnce() throws {
        let device = FakeTPM()
        let (server, logs) = try startSwtpm(device)
        defer { server.stop() }

        let client = try TestClient.tcp(server.dataPort)
        try client.send([0x80, 0x01, 0, 0, 0, 20, 0, 0])
        client.close()
        #expect(logs.waitForLines(1).count == 1)
        #expect(device.executed.isEmpty)
    }

    @Test func quietClientIsNotTimedOut() throws {
        let device = FakeTPM()
        let (server, logs) = try startSwtpm(device)
        defer { server.stop() }

        let client = try TestClient.tcp(server.dataPort)
        usleep(600_000)  // twice the read timeout, between commands
        try client.send(getRandom)
        #expect(try client.receive(FakeTPM.response.count) == FakeTPM.response)
        #expect(logs.lines.isEmpty)
    }

    @Test func disconnectClosesAfterEachResponse() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device) { $0.data?.disconnectAfterEachResponse = true }
        defer { server.stop() }

        let client = try TestClient.tcp(server.dataPort)
        try client.send(getRandom + getRandom)
        #expect(try client.receive(FakeTPM.response.count) == FakeTPM.response)
        #expect(client.isClosedByServer())
        #expect(device.executed.count == 1)
    }

    @Test func unixSocketsServeBothChannels() throws {
        let device = FakeTPM(poweredOn: false)
        let dataPath = temporarySocketPath("data")
        let controlPath = temporarySocketPath("ctrl")
        let (server, _) = try startSwtpm(device) {
            $0.data = .unix(path: dataPath)
            $0.control = .unix(path: controlPath)
        }

        var info = stat()
        #expect(lstat(dataPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o770)

        let control = try TestClient(.unix(path: controlPath))
        #expect(try control.control(2, be32(0)) == be32(0))
        let data = try TestClient(.unix(path: dataPath))
        try data.send(getRandom)
        #expect(try data.receive(FakeTPM.response.count) == FakeTPM.response)
        #expect(device.calls == [.powerOn(deleteVolatile: false), .execute(getRandom, locality: 0)])

        server.stop()
        #expect(lstat(dataPath, &info) != 0)
        #expect(lstat(controlPath, &info) != 0)
    }

    @Test func staleUnixSocketFileIsReplaced() throws {
        let path = temporarySocketPath("stale")
        let first = try startSwtpm(FakeTPM()) {
            $0.data = .unix(path: path)
            $0.control = nil
        }
        first.0.stop()
        // Leave a stale socket file behind, as a crashed server would.
        try leaveStaleSocketFile(at: path)
        defer { unlink(path) }

        let (server, _) = try startSwtpm(FakeTPM()) {
            $0.data = .unix(path: path)
            $0.control = nil
        }
        defer { server.stop() }
        let client = try TestClient(.unix(path: path))
        try client.send(getRandom)
        #expect(try client.receive(FakeTPM.response.count) == FakeTPM.response)
    }

    @Test func regularFileAtSocketPathIsRefused() throws {
        let path = temporarySocketPath("file")
        _ = FileManager.default.createFile(atPath: path, contents: Data([1]))
        defer { unlink(path) }

        let server = SwtpmServer(
            device: FakeTPM(), options: .init(data: .unix(path: path), control: nil), logger: LogRecorder.silent)
        #expect(throws: TransportError.self) { try server.start() }
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func busyPortIsAnError() throws {
        let (first, _) = try startSwtpm(FakeTPM())
        defer { first.stop() }
        let port = try #require(first.dataPort)

        let second = SwtpmServer(
            device: FakeTPM(), options: .init(data: .tcp(port: port), control: .tcp(port: 0)),
            logger: LogRecorder.silent)
        do {
            try second.start()
            Issue.record("a second server bound a busy port")
        } catch {
            #expect(error.description.contains("\(port)"))
        }
    }

    @Test func adoptedDataDescriptorIsServedAndEndsTheServer() throws {
        let (serverEnd, clientEnd) = try socketPair()
        let device = FakeTPM()
        let logs = LogRecorder()
        let server = SwtpmServer(
            device: device,
            options: .init(data: .init(.connectedDescriptor(serverEnd), terminateOnDisconnect: true), control: nil),
            logger: logs.logger)
        try server.start()

        let client = TestClient(adopting: clientEnd)
        try client.send(getRandom)
        #expect(try client.receive(FakeTPM.response.count) == FakeTPM.response)
        client.close()
        server.waitUntilStopped()
    }
}
