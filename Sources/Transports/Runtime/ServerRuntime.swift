import Dispatch
import Foundation

/// The threads of one server: an accept loop per listener and a thread per connection, all
/// ended together by `stop()`.
///
/// Blocking sockets on plain threads keep a TPM round trip at the loopback floor; the device
/// serialises commands itself, so connections need no ordering here. `stop()` shuts every
/// socket down (which wakes blocked accept/recv calls), waits for each thread, then closes.
final class ServerRuntime: @unchecked Sendable {
    private enum State { case running, stopping, stopped }

    private let name: String
    private let log: TransportLog
    private let maxConnections: Int
    private let threads = DispatchGroup()
    private let condition = NSCondition()
    private var state = State.running
    private var listeners: [ListeningSocket] = []
    private var connections: [ObjectIdentifier: Connection] = [:]

    init(name: String, log: @escaping TransportLog, maxConnections: Int = 64) {
        self.name = name
        self.log = log
        self.maxConnections = maxConnections
    }

    var isRunning: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state == .running
    }

    /// Accepts on `listener` until the runtime stops; each connection runs `handler` on its own thread.
    func listen(_ listener: ListeningSocket, readTimeoutMilliseconds: Int,
                handler: @escaping @Sendable (Connection) -> Void) {
        condition.lock()
        guard state == .running else {
            condition.unlock()
            listener.close()
            return
        }
        listeners.append(listener)
        condition.unlock()
        spawn("\(name) accept") { [self] in
            while true {
                switch listener.accept() {
                case let .connection(fd):
                    serve(Connection(adopting: fd, readTimeoutMilliseconds: readTimeoutMilliseconds), handler: handler)
                case .closed:
                    if isRunning { log("\(name): the listening socket was closed or is not listening; no longer accepting") }
                    return
                case let .failed(error):
                    guard isRunning else { return }
                    log("\(name): \(error); still accepting")
                    usleep(100_000)
                }
            }
        }
    }

    /// Runs `handler` for `connection` on a new thread, then closes it and calls `onEnd`.
    /// Returns false (and closes the connection) when stopping or at the connection limit.
    @discardableResult
    func serve(_ connection: Connection, handler: @escaping @Sendable (Connection) -> Void,
               onEnd: (@Sendable () -> Void)? = nil) -> Bool {
        condition.lock()
        guard state == .running, connections.count < maxConnections else {
            let atLimit = state == .running
            condition.unlock()
            connection.close()
            if atLimit { log("\(name): \(maxConnections) connections are open; refused one more") }
            return false
        }
        connections[ObjectIdentifier(connection)] = connection
        condition.unlock()
        spawn("\(name) connection") { [self] in
            handler(connection)
            condition.lock()
            connections[ObjectIdentifier(connection)] = nil
            condition.unlock()
            connection.close()
            onEnd?()
        }
        return true
    }

    /// Ends every loop and connection and waits for their threads. Must not be called from a
    /// thread this runtime started (use `requestStop()` there).
    func stop() {
        condition.lock()
        guard state == .running else {
            while state != .stopped { condition.wait() }
            condition.unlock()
            return
        }
        state = .stopping
        let openListeners = listeners
        let openConnections = Array(connections.values)
        condition.unlock()

        openListeners.forEach { $0.shutdown() }
        openConnections.forEach { $0.shutdown() }
        threads.wait()
        openListeners.forEach { $0.close() }

        condition.lock()
        listeners = []
        state = .stopped
        condition.broadcast()
        condition.unlock()
    }

    /// Stops from inside a handler (swtpm SHUTDOWN, mssim STOP) without waiting on itself.
    func requestStop() {
        let stopper = Thread { [self] in stop() }
        stopper.name = "\(name) stop"
        stopper.start()
    }

    /// Blocks until `stop()` has finished.
    func waitUntilStopped() {
        condition.lock()
        while state != .stopped { condition.wait() }
        condition.unlock()
    }

    private func spawn(_ threadName: String, _ body: @escaping @Sendable () -> Void) {
        threads.enter()
        let thread = Thread { [threads] in
            body()
            threads.leave()
        }
        thread.name = threadName
        thread.start()
    }
}
