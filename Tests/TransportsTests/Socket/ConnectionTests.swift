import Foundation
import Testing

@testable import Transports

@Suite struct ConnectionTests {
    private func pair(timeout: Int = 200) throws -> (Connection, Connection) {
        let (left, right) = try socketPair()
        return (
            Connection(adopting: left, readTimeoutMilliseconds: timeout),
            Connection(adopting: right, readTimeoutMilliseconds: timeout)
        )
    }

    @Test func readsExactlyAndBigEndian() throws {
        let (writer, reader) = try pair()
        try writer.writeAll([0xAB] + be32(0x0102_0304) + [9, 8, 7])
        #expect(try reader.readUInt8() == 0xAB)
        #expect(try reader.readUInt32() == 0x0102_0304)
        #expect(try reader.readExactly(3) == [9, 8, 7])
        #expect(try reader.readExactly(0) == [])
    }

    @Test func cleanEndOfStreamIsNil() throws {
        let (writer, reader) = try pair()
        writer.close()
        #expect(try reader.readExactly(4, idle: true) == nil)
    }

    @Test func endOfStreamInsideAMessageIsTruncation() throws {
        let (writer, reader) = try pair()
        try writer.writeAll([1, 2])
        writer.close()
        #expect(throws: ConnectionError.truncated(expected: 4, received: 2)) { try reader.readExactly(4) }
    }

    @Test func stallInsideAMessageTimesOut() throws {
        let (writer, reader) = try pair(timeout: 100)
        try writer.writeAll([1])
        #expect(throws: ConnectionError.timedOut(expected: 2, received: 1)) { try reader.readExactly(2, idle: true) }
        #expect(throws: ConnectionError.timedOut(expected: 1, received: 0)) { try reader.readExactly(1) }
    }

    @Test func readFrameTakesOneFrameAndNothingMore() throws {
        let (writer, reader) = try pair()
        try writer.writeAll([0, 2, 0xAA, 0xBB, 0, 1, 0x04])
        #expect(try reader.readFrame(VpcdProtocol.decode) == .apdu([0xAA, 0xBB]))
        #expect(try reader.readFrame(VpcdProtocol.decode) == .control(0x04))
        writer.close()
        #expect(try reader.readFrame(VpcdProtocol.decode) == nil, "a close between frames is the clean end")
    }

    @Test func readFrameEndingInsideAFrameIsTruncation() throws {
        let (writer, reader) = try pair()
        try writer.writeAll([0, 5, 1])
        writer.close()
        #expect(throws: ConnectionError.self) { try reader.readFrame(VpcdProtocol.decode) }
    }

    @Test func readFrameWaitsIdleOnlyForItsFirstBytes() throws {
        let (writer, reader) = try pair(timeout: 50)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(200)) { try? writer.writeAll([0, 3, 1]) }
        #expect(throws: ConnectionError.timedOut(expected: 3, received: 1)) {
            try reader.readFrame(VpcdProtocol.decode)
        }
    }

    @Test func idleWaitIsUnbounded() throws {
        let (writer, reader) = try pair(timeout: 50)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(200)) { try? writer.writeAll([7]) }
        #expect(try reader.readExactly(1, idle: true) == [7])
    }

    @Test func shutdownWakesABlockedReader() throws {
        let (_, reader) = try pair()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { reader.shutdown() }
        #expect(try reader.readExactly(1, idle: true) == nil)
    }

    @Test func writingToAClosedPeerThrowsInsteadOfRaisingSIGPIPE() throws {
        let (writer, reader) = try pair()
        reader.close()
        #expect(throws: ConnectionError.self) {
            for _ in 0..<100 { try writer.writeAll([UInt8](repeating: 0, count: 65_536)) }
        }
    }

    @Test func descriptorsTravelWithTheirBytes() throws {
        let (sender, receiver) = try pair()
        let (passed, kept) = try socketPair()
        let keptEnd = Connection(adopting: kept, readTimeoutMilliseconds: 200)
        try sender.write(be32(16), passing: passed)
        Platform.closeDescriptor(passed)

        let received = try #require(try receiver.readExactlyCollectingDescriptors(4, idle: true))
        #expect(received.bytes == be32(16))
        #expect(received.descriptors.count == 1)

        // The received descriptor is the other end of `kept`.
        let other = Connection(adopting: try #require(received.descriptors.first), readTimeoutMilliseconds: 200)
        try other.writeAll([42])
        #expect(try keptEnd.readExactly(1) == [42])
    }

    @Test func plainBytesCarryNoDescriptors() throws {
        let (sender, receiver) = try pair()
        try sender.writeAll(be32(1))
        let received = try #require(try receiver.readExactlyCollectingDescriptors(4, idle: true))
        #expect(received.descriptors.isEmpty)
    }

    @Test func discardPendingDropsOnlyWhatArrived() throws {
        let (writer, reader) = try pair()
        try writer.writeAll([1, 2, 3])
        usleep(20_000)
        reader.discardPending()
        try writer.writeAll([4])
        #expect(try reader.readExactly(1) == [4])
    }

    @Test func listenerReportsItsPortAndAcceptsUntilShutDown() throws {
        let listener = try ListeningSocket(endpoint: .tcp(host: "127.0.0.1", port: 0))
        defer { listener.close() }
        let port = try #require(listener.port)
        #expect(port != 0)

        let client = try Connection.connect(to: .tcp(host: "127.0.0.1", port: port))
        guard case .connection(let fd) = listener.accept() else {
            Issue.record("no connection accepted")
            return
        }
        let served = Connection(adopting: fd, readTimeoutMilliseconds: 200)
        try client.writeAll([5])
        #expect(try served.readExactly(1) == [5])

        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { listener.shutdown() }
        guard case .closed = listener.accept() else {
            Issue.record("accept did not end after shutdown")
            return
        }
    }

    @Test func ipv6LoopbackWorks() throws {
        guard let listener = try? ListeningSocket(endpoint: .tcp(host: "::1", port: 0)) else { return }  // no IPv6 here
        defer { listener.close() }
        let client = try Connection.connect(to: .tcp(host: "::1", port: try #require(listener.port)))
        guard case .connection = listener.accept() else {
            Issue.record("no IPv6 connection accepted")
            return
        }
        client.close()
    }

    @Test func unresolvableAddressSaysWhatToGive() {
        #expect {
            _ = try ListeningSocket(endpoint: .tcp(host: "no such host.invalid", port: 0))
        } throws: { error in
            (error as? SocketError)?.description.contains("numeric address") == true
        }
    }

    @Test func tooLongUnixPathIsRefused() {
        let path = "/tmp/" + String(repeating: "x", count: 200)
        #expect(throws: SocketError.self) { try ListeningSocket(endpoint: .unix(path: path)) }
    }
}
