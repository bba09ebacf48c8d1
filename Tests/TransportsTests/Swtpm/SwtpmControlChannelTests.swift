import Foundation
import TPM2
import TPMTypes
import Testing

@testable import Transports

/// Reply layouts follow tpm_ioctl.h; the expected bytes were checked against swtpm 0.7.1.
@Suite struct SwtpmControlChannelTests {
    private let success = be32(0)
    private let badParameter = be32(3)
    private let fail = be32(9)
    private let badOrdinal = be32(10)
    private let ioError = be32(0x1F)
    private let badLocality = be32(0x3D)

    @Test func getCapabilityListsEveryImplementedCommand() throws {
        let (server, _) = try startSwtpm(FakeTPM())
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(1, replyLength: 8) == success + be32(0x1FFFF))
    }

    @Test func initPowersOnAndHonoursDeleteVolatile() throws {
        let device = FakeTPM(poweredOn: false)
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)

        #expect(try control.control(2, be32(0)) == success)
        #expect(device.calls == [.powerOn(deleteVolatile: false)])
        // INIT while running is a power cycle.
        #expect(try control.control(2, be32(1)) == success)
        #expect(device.calls == [.powerOn(deleteVolatile: false), .powerOff, .powerOn(deleteVolatile: true)])
    }

    @Test func initFailureAnswersTPMFail() throws {
        let device = FakeTPM(poweredOn: false)
        device.powerOnError = TPMPlatformError.storage("disk full")
        let (server, logs) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(2, be32(0)) == fail)
        #expect(logs.waitForLines(1).first?.contains("disk full") == true)
    }

    @Test func shutdownPowersOffAndEndsTheServer() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(3) == success)
        server.waitUntilStopped()
        #expect(device.calls == [.powerOff])
        #expect(throws: (any Error).self) { try TestClient.tcp(server.dataPort) }
    }

    @Test func stopPowersOffAndKeepsServing() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(14) == success)
        #expect(device.calls == [.powerOff])
        #expect(try control.control(4) == badOrdinal)
        #expect(try control.control(2, be32(0)) == success)
        #expect(!device.calls.isEmpty && device.isPoweredOn)
    }

    @Test func getTPMEstablishedReportsTheBit() throws {
        let device = FakeTPM(established: true)
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(4, replyLength: 8) == success + [1, 0, 0, 0])
    }

    @Test func commandsNeedingARunningTPMAnswerBadOrdinalBeforeInit() throws {
        let device = FakeTPM(poweredOn: false)
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        for code: UInt32 in [4, 6, 8, 9, 10] {
            #expect(try control.control(code) == badOrdinal, "command \(code)")
        }
        #expect(try control.control(7, be32(2) + [1, 2]) == badOrdinal)
        #expect(try control.control(11, [3]) == badOrdinal)
        #expect(try control.control(12, be32(0) + be32(1) + be32(0)) == badOrdinal)
        #expect(device.calls.isEmpty)
    }

    @Test func setLocalityRejectsLocalitiesAboveFour() throws {
        let (server, _) = try startSwtpm(FakeTPM())
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(5, [5]) == badLocality)
        #expect(server.locality == 0)
        #expect(try control.control(5, [4]) == success)
        #expect(server.locality == 4)
    }

    @Test func hashSequenceReachesTheDevice() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        let data = (0..<5000).map { UInt8(truncatingIfNeeded: $0) }
        #expect(try control.control(6) == success)
        #expect(try control.control(7, be32(UInt32(data.count)) + data) == success)
        #expect(try control.control(8) == success)

        let hashed = device.calls.compactMap { call -> [UInt8]? in
            if case .hashData(let chunk) = call { return chunk }
            return nil
        }
        #expect(hashed.joined().elementsEqual(data))
        #expect(device.calls.first == .hashStart && device.calls.last == .hashEnd)
    }

    @Test func refusedHashAnswersTPMFail() throws {
        let device = FakeTPM()
        device.hashAccepted = false
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(6) == fail)
        #expect(try control.control(7, be32(3) + [1, 2, 3]) == fail)
        #expect(try control.control(8) == fail)
    }

    @Test func cancelReachesOnlyACommandInProgress() throws {
        let device = FakeTPM(gated: true)
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)

        #expect(try control.control(9) == success)
        #expect(device.calls.isEmpty)

        let data = try TestClient.tcp(server.dataPort)
        try data.send(getRandom)
        #expect(device.waitUntilExecuting())
        #expect(try control.control(9) == success)
        #expect(device.calls.last == .cancel(true))
        device.releaseExecute()
        #expect(try data.receive(FakeTPM.response.count) == FakeTPM.response)
        #expect(device.calls == [.execute(getRandom, locality: 0), .cancel(true), .cancel(false)])
    }

    @Test func storeVolatileMapsDeviceErrors() throws {
        let device = FakeTPM()
        let (server, logs) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(10) == success)
        device.storeError = TPMPlatformError.storage("read-only file system")
        #expect(try control.control(10) == fail)
        #expect(device.calls == [.storeVolatile, .storeVolatile])
        #expect(logs.waitForLines(1).count == 1)
    }

    @Test func resetEstablishedNeedsLocalityThreeOrFour() throws {
        let device = FakeTPM(established: true)
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(11, [0]) == badLocality)
        #expect(try control.control(11, [7]) == badLocality)
        #expect(try control.control(11, [3]) == success)
        #expect(device.calls == [.resetEstablished(locality: 0), .resetEstablished(locality: 3)])
        #expect(!device.tpmEstablished)
    }

    @Test func getStateBlobReturnsTheBlobFromOffset() throws {
        let blob = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let device = FakeTPM(blobs: [.permanent: blob])
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)

        let whole = try control.control(12, be32(0) + be32(1) + be32(0), replyLength: 16)
        #expect(whole == success + be32(0) + be32(10_000) + be32(10_000))
        #expect(try control.receive(10_000) == blob)

        let tail = try control.control(12, be32(0) + be32(1) + be32(9_000), replyLength: 16)
        #expect(tail == success + be32(0) + be32(1_000) + be32(1_000))
        #expect(try control.receive(1_000) == Array(blob[9_000...]))

        let beyond = try control.control(12, be32(0) + be32(1) + be32(20_000), replyLength: 16)
        #expect(beyond == success + be32(0) + be32(0) + be32(0))
    }

    @Test func getStateBlobFailuresKeepTheHeaderLayout() throws {
        let (server, _) = try startSwtpm(FakeTPM())
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(
            try control.control(12, be32(0) + be32(7) + be32(0), replyLength: 16) == badParameter + be32(0) + be32(0)
                + be32(0))
        #expect(
            try control.control(12, be32(0) + be32(2) + be32(0), replyLength: 16) == fail + be32(0) + be32(0) + be32(0))
    }

    @Test func setStateBlobWhileRunningIsRefusedAndTheStreamStaysInStep() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(13, be32(0) + be32(1) + be32(3) + [1, 2, 3]) == badOrdinal)
        #expect(try control.control(15, replyLength: 8) == success + be32(0))
        #expect(device.calls.isEmpty)
    }

    @Test func setStateBlobWhileStoppedReachesTheDevice() throws {
        let device = FakeTPM(poweredOn: false)
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        let blob = (0..<9_000).map { UInt8(truncatingIfNeeded: $0) }
        #expect(try control.control(13, be32(0) + be32(2) + be32(UInt32(blob.count)) + blob) == success)
        #expect(device.calls == [.setStateBlob(.volatile, blob)])

        #expect(try control.control(13, be32(0) + be32(9) + be32(1) + [1]) == badParameter)
        #expect(try control.control(13, be32(2) + be32(1) + be32(1) + [1]) == badParameter)
        #expect(try control.control(13, be32(0) + be32(1) + be32(1) + [0xFF]) == badParameter)
        #expect(try control.control(13, be32(0) + be32(1) + be32(0)) == success)
    }

    @Test func absurdStateBlobLengthIsRefusedAndTheConnectionClosed() throws {
        let device = FakeTPM(poweredOn: false)
        let (server, logs) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(13, be32(0) + be32(1) + be32(0xFFFF_FFFF)) == badParameter)
        #expect(control.isClosedByServer())
        #expect(logs.waitForLines(1).count == 1)

        let next = try TestClient.tcp(server.controlPort)
        #expect(try next.control(1, replyLength: 8) == success + be32(0x1FFFF))
    }

    @Test func getConfigReportsNoKeys() throws {
        let (server, _) = try startSwtpm(FakeTPM())
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(15, replyLength: 8) == success + be32(0))
    }

    @Test func setBufferSizeReportsTheDeviceBuffer() throws {
        let device = FakeTPM(maxBufferSize: 4096)
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(17, be32(0), replyLength: 16) == success + be32(4096) + be32(4096) + be32(4096))
        #expect(try control.control(17, be32(1024)) == badOrdinal)
        #expect(try control.control(14) == success)
        #expect(try control.control(17, be32(1024), replyLength: 16) == success + be32(4096) + be32(4096) + be32(4096))
    }

    @Test func getInfoReturnsSwtpmStyleJSON() throws {
        let (server, _) = try startSwtpm(FakeTPM())
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        let document =
            #"{"TPMSpecification":{"family":"2.0","level":0,"revision":164},"TPMAttributes":{"manufacturer":"id:00001014","version":"id:20191023","model":"swtpm"}}"#
        let total = UInt32(document.utf8.count + 1)

        let whole = try control.control(18, be64(3) + be32(0) + be32(0), replyLength: 12)
        #expect(whole == success + be32(total) + be32(total))
        #expect(try control.receive(Int(total)) == Array(document.utf8) + [0])

        let part = try control.control(18, be64(3) + be32(5) + be32(0), replyLength: 12)
        #expect(part == success + be32(total) + be32(total - 5))
        #expect(try control.receive(Int(total) - 5) == Array(document.utf8.dropFirst(5)) + [0])

        #expect(
            try control.control(18, be64(0) + be32(0) + be32(0), replyLength: 15) == success + be32(3) + be32(3)
                + Array("{}".utf8) + [0])
        #expect(try control.control(18, be64(3) + be32(total - 1) + be32(0)) == badParameter)
    }

    @Test func getInfoEscapesProfileStrings() {
        var options = SwtpmServer.Options()
        options.info.model = #"a"b\c"#
        let server = SwtpmServer(device: FakeTPM(), options: options, logger: LogRecorder.silent)
        #expect(server.infoDocument(flags: 2).contains(#""model":"a\"b\\c""#))
    }

    @Test func lockStorageSucceeds() throws {
        let (server, _) = try startSwtpm(FakeTPM())
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(19, be32(300)) == success)
    }

    @Test func unknownCommandAnswersBadOrdinalAndServingContinues() throws {
        let (server, logs) = try startSwtpm(FakeTPM())
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(0x63) == badOrdinal)
        #expect(try control.control(0) == badOrdinal)
        #expect(try control.control(1, replyLength: 8) == success + be32(0x1FFFF))
        #expect(logs.waitForLines(2).count == 2)
    }

    @Test func oneConnectionPerControlCommand() throws {
        let device = FakeTPM(poweredOn: false)
        let (server, _) = try startSwtpm(device)
        defer { server.stop() }
        for (code, payload) in [(UInt32(2), be32(0)), (5, [1]), (4, [])] {
            let control = try TestClient.tcp(server.controlPort)
            _ = try control.control(code, payload)
            control.close()
        }
        #expect(device.isPoweredOn)
        #expect(server.locality == 1)
    }

    @Test func truncatedControlRequestTimesOut() throws {
        let (server, logs) = try startSwtpm(FakeTPM())
        defer { server.stop() }
        let control = try TestClient.tcp(server.controlPort)
        try control.send(be32(2) + [0, 0])
        #expect(control.isClosedByServer())
        #expect(logs.waitForLines(1).first?.contains("read timeout") == true)
    }

    // MARK: SET_DATAFD

    private func startControlOnly(_ device: FakeTPM) throws -> (SwtpmServer, LogRecorder, String) {
        let path = temporarySocketPath("datafd")
        let (server, logs) = try startSwtpm(device) {
            $0.data = nil
            $0.control = .unix(path: path)
        }
        return (server, logs, path)
    }

    @Test func setDataFDServesCommandsOnThePassedSocket() throws {
        let device = FakeTPM()
        let (server, _, path) = try startControlOnly(device)
        defer { server.stop() }
        let control = try TestClient(.unix(path: path))
        let (ours, theirs) = try socketPair()

        try control.connection.write(be32(16), passing: theirs)
        Platform.closeDescriptor(theirs)
        #expect(try control.receive(4) == success)

        let data = TestClient(adopting: ours)
        for _ in 0..<3 {
            try data.send(getRandom)
            #expect(try data.receive(FakeTPM.response.count) == FakeTPM.response)
        }
        #expect(device.executed.count == 3)

        // One descriptor at a time, as swtpm.
        let (spare, spareOther) = try socketPair()
        try control.connection.write(be32(16), passing: spareOther)
        Platform.closeDescriptor(spareOther)
        #expect(try control.receive(4) == ioError)
        Platform.closeDescriptor(spare)

        // After the first one closes, another may be passed (the server notices the close
        // on its own thread, so allow it a moment).
        data.close()
        var reply = ioError
        let deadline = Date().addingTimeInterval(2)
        while reply == ioError && Date() < deadline {
            let (probe, probeOther) = try socketPair()
            try control.connection.write(be32(16), passing: probeOther)
            Platform.closeDescriptor(probeOther)
            reply = try control.receive(4)
            if reply == success {
                let second = TestClient(adopting: probe)
                try second.send(getRandom)
                #expect(try second.receive(FakeTPM.response.count) == FakeTPM.response)
            } else {
                Platform.closeDescriptor(probe)
                usleep(10_000)
            }
        }
        #expect(reply == success)
    }

    @Test func terminateEndsTheServerWhenTheDataDescriptorCloses() throws {
        let path = temporarySocketPath("datafd-t")
        let (server, _) = try startSwtpm(FakeTPM()) {
            $0.data = nil
            $0.control = .unix(path: path)
            $0.terminateWhenDataConnectionEnds = true
        }
        let control = try TestClient(.unix(path: path))
        let (ours, theirs) = try socketPair()
        try control.connection.write(be32(16), passing: theirs)
        Platform.closeDescriptor(theirs)
        #expect(try control.receive(4) == success)

        let data = TestClient(adopting: ours)
        try data.send(getRandom)
        #expect(try data.receive(FakeTPM.response.count) == FakeTPM.response)
        data.close()
        server.waitUntilStopped()
    }

    @Test func setDataFDWithoutADescriptorIsABadParameter() throws {
        let (server, logs, path) = try startControlOnly(FakeTPM())
        defer { server.stop() }
        let control = try TestClient(.unix(path: path))
        #expect(try control.control(16) == badParameter)
        #expect(logs.waitForLines(1).count == 1)
    }

    @Test func setDataFDIsRefusedWhenADataChannelIsConfigured() throws {
        let path = temporarySocketPath("ctrl")
        let (server, _) = try startSwtpm(FakeTPM()) { $0.control = .unix(path: path) }
        defer { server.stop() }
        let control = try TestClient(.unix(path: path))
        let (ours, theirs) = try socketPair()
        defer { Platform.closeDescriptor(ours) }
        try control.connection.write(be32(16), passing: theirs)
        Platform.closeDescriptor(theirs)
        #expect(try control.receive(4) == ioError)
    }

    @Test func terminateOnControlDisconnectEndsTheServer() throws {
        let (server, _) = try startSwtpm(FakeTPM()) { $0.control?.terminateOnDisconnect = true }
        let control = try TestClient.tcp(server.controlPort)
        #expect(try control.control(1, replyLength: 8) == success + be32(0x1FFFF))
        control.close()
        server.waitUntilStopped()
    }
}
