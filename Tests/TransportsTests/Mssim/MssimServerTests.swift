import Testing

@testable import Transports

/// Replies follow ms-tpm-20-ref Simulator/src/TcpServer.c.
@Suite struct MssimServerTests {
    private let ack = be32(0)

    @Test func platformPortIsTheCommandPortPlusOneByDefault() throws {
        let probe = try ListeningSocket(endpoint: .tcp(host: "127.0.0.1", port: 0))
        let port = try #require(probe.port)
        probe.close()
        guard port < UInt16.max else { return }

        let server = MssimServer(device: FakeTPM(), options: .init(commandPort: port), logger: LogRecorder.silent)
        do {
            try server.start()
        } catch {
            return  // port+1 happened to be taken; nothing to learn from this run
        }
        defer { server.stop() }
        #expect(server.commandPort == port)
        #expect(server.platformPort == port + 1)
    }

    @Test func handshakeReportsVersionAndEndpointFlags() throws {
        let (server, _) = try startMssim(FakeTPM())
        defer { server.stop() }
        let client = try TestClient.tcp(server.commandPort)
        try client.send(be32(15) + be32(1))
        #expect(try client.receive(12) == be32(1) + be32(0x0D) + ack)
    }

    @Test func handshakeFromVersionZeroIsDropped() throws {
        let (server, logs) = try startMssim(FakeTPM())
        defer { server.stop() }
        let client = try TestClient.tcp(server.commandPort)
        try client.send(be32(15) + be32(0))
        #expect(client.isClosedByServer())
        #expect(logs.waitForLines(1).count == 1)
    }

    @Test func sendCommandRoundTripCarriesTheLocality() throws {
        let device = FakeTPM()
        let (server, _) = try startMssim(device)
        defer { server.stop() }
        let client = try TestClient.tcp(server.commandPort)
        for locality: UInt8 in [0, 3] {
            try client.send(sendCommandFrame(getRandom, locality: locality))
            let expected = framedResponse(FakeTPM.response)
            #expect(try client.receive(expected.count) == expected)
        }
        #expect(device.executed == [.execute(getRandom, locality: 0), .execute(getRandom, locality: 3)])
    }

    @Test func libtss2StartupSequence() throws {
        let device = FakeTPM(poweredOn: false)
        let (server, _) = try startMssim(device)
        defer { server.stop() }
        let platform = try TestClient.tcp(server.platformPort)
        let commands = try TestClient.tcp(server.commandPort)

        #expect(try platform.control(1) == ack)  // POWER_ON
        #expect(try platform.control(11) == ack)  // NV_ON
        try commands.send(sendCommandFrame(getRandom, locality: 0))
        _ = try commands.receive(framedResponse(FakeTPM.response).count)
        try commands.send(be32(20))  // SESSION_END
        try platform.send(be32(20))
        #expect(commands.isClosedByServer())
        #expect(platform.isClosedByServer())
        #expect(
            device.calls == [.powerOn(deleteVolatile: false), .nvAvailable(true), .execute(getRandom, locality: 0)])
    }

    @Test func platformSignalsMapToDeviceCalls() throws {
        let device = FakeTPM(poweredOn: false)
        let (server, logs) = try startMssim(device)
        defer { server.stop() }
        let platform = try TestClient.tcp(server.platformPort)
        for code: UInt32 in [1, 1, 3, 4, 9, 10, 11, 12, 13, 14, 18, 17, 2, 17, 2] {
            #expect(try platform.control(code) == ack, "signal \(code)")
        }
        #expect(
            device.calls == [
                .powerOn(deleteVolatile: false),  // a second POWER_ON while on is ignored
                .physicalPresence(true), .physicalPresence(false),
                .cancel(true), .cancel(false),
                .nvAvailable(true), .nvAvailable(false),
                .powerOff, .powerOn(deleteVolatile: false),  // RESET while on
                .powerOff,  // POWER_OFF; then RESET and POWER_OFF while off do nothing
            ])
        #expect(logs.lines.isEmpty)
    }

    @Test func testFailureModeSignalForcesTheDevice() throws {
        let device = FakeTPM()
        let (server, _) = try startMssim(device)
        defer { server.stop() }
        let platform = try TestClient.tcp(server.platformPort)
        #expect(try platform.control(30) == ack)  // TEST_FAILURE_MODE
        #expect(device.calls == [.forceFailureMode])
    }

    @Test func hashSignalsOnTheCommandPort() throws {
        let device = FakeTPM()
        let (server, _) = try startMssim(device)
        defer { server.stop() }
        let client = try TestClient.tcp(server.commandPort)
        #expect(try client.control(5) == ack)
        #expect(try client.control(6, be32(3) + [1, 2, 3]) == ack)
        #expect(try client.control(7) == ack)
        #expect(device.calls == [.hashStart, .hashData([1, 2, 3]), .hashEnd])
    }

    @Test func alternativeResultIsAcknowledged() throws {
        let (server, _) = try startMssim(FakeTPM())
        defer { server.stop() }
        let client = try TestClient.tcp(server.commandPort)
        #expect(try client.control(16, be32(0x101)) == ack)
    }

    @Test func commandAndResponseSizesAreReportedAndCleared() throws {
        let (server, _) = try startMssim(FakeTPM())
        defer { server.stop() }
        let commands = try TestClient.tcp(server.commandPort)
        try commands.send(sendCommandFrame(getRandom, locality: 0))
        _ = try commands.receive(framedResponse(FakeTPM.response).count)

        let platform = try TestClient.tcp(server.platformPort)
        let sizes = try platform.control(25, replyLength: 24)
        #expect(sizes == be32(16) + [12, 0, 0, 0, 0, 0, 0x01, 0x7B] + [14, 0, 0, 0, 0, 0, 0, 0] + ack)
        #expect(try platform.control(25, replyLength: 24) == be32(16) + [UInt8](repeating: 0, count: 16) + ack)
    }

    @Test func unknownPlatformSignalAnswersOneAndCloses() throws {
        let (server, logs) = try startMssim(FakeTPM())
        defer { server.stop() }
        let platform = try TestClient.tcp(server.platformPort)
        #expect(try platform.control(99) == be32(1))
        #expect(platform.isClosedByServer())
        #expect(logs.waitForLines(1).count == 1)

        let next = try TestClient.tcp(server.platformPort)
        #expect(try next.control(11) == ack)
    }

    @Test func unknownCommandClosesAndServingContinues() throws {
        let device = FakeTPM()
        let (server, logs) = try startMssim(device)
        defer { server.stop() }
        let bad = try TestClient.tcp(server.commandPort)
        try bad.send(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(bad.isClosedByServer())
        #expect(logs.waitForLines(1).count == 1)

        let good = try TestClient.tcp(server.commandPort)
        try good.send(sendCommandFrame(getRandom, locality: 0))
        #expect(try good.receive(framedResponse(FakeTPM.response).count) == framedResponse(FakeTPM.response))
    }

    @Test func oversizeCommandIsRefusedAndServingContinues() throws {
        let device = FakeTPM(maxBufferSize: 4096)
        let (server, logs) = try startMssim(device)
        defer { server.stop() }
        let bad = try TestClient.tcp(server.commandPort)
        try bad.send(be32(8) + [0] + be32(0xFFFF_FFFF))
        let refusal = framedResponse([0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x42])
        #expect(try bad.receive(refusal.count) == refusal)
        #expect(bad.isClosedByServer())
        #expect(logs.waitForLines(1).count == 1)
        #expect(device.executed.isEmpty)

        let good = try TestClient.tcp(server.commandPort)
        try good.send(sendCommandFrame(getRandom, locality: 0))
        #expect(try good.receive(framedResponse(FakeTPM.response).count) == framedResponse(FakeTPM.response))
    }

    @Test func shortCommandIsTheDevicesToJudge() throws {
        let device = FakeTPM()
        let (server, _) = try startMssim(device)
        defer { server.stop() }
        let client = try TestClient.tcp(server.commandPort)
        try client.send(sendCommandFrame([0x80, 0x01], locality: 0))
        #expect(try client.receive(framedResponse(FakeTPM.response).count) == framedResponse(FakeTPM.response))
        #expect(device.executed == [.execute([0x80, 0x01], locality: 0)])
    }

    @Test func stalledCommandTimesOut() throws {
        let (server, logs) = try startMssim(FakeTPM())
        defer { server.stop() }
        let client = try TestClient.tcp(server.commandPort)
        try client.send(be32(8) + [0] + be32(12) + [0x80])
        #expect(client.isClosedByServer())
        #expect(logs.waitForLines(1).first?.contains("read timeout") == true)
    }

    @Test(arguments: [true, false])
    func stopOnEitherPortEndsTheServer(onPlatformPort: Bool) throws {
        let (server, _) = try startMssim(FakeTPM())
        let client = try TestClient.tcp(onPlatformPort ? server.platformPort : server.commandPort)
        try client.send(be32(21))
        server.waitUntilStopped()
        #expect(throws: (any Error).self) { try TestClient.tcp(server.commandPort) }
    }

    @Test func powerOnFailureIsLoggedAndAcknowledged() throws {
        let device = FakeTPM(poweredOn: false)
        device.powerOnError = MssimTestError.noState
        let (server, logs) = try startMssim(device)
        defer { server.stop() }
        let platform = try TestClient.tcp(server.platformPort)
        #expect(try platform.control(1) == ack)
        #expect(logs.waitForLines(1).count == 1)
        #expect(!device.isPoweredOn)
    }
}

private enum MssimTestError: Error { case noState }
