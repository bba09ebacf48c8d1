import Dispatch
import Foundation
import Logging

/// The threads of one server: an accepting thread per listener and a thread per connection,
/// drawn from a pool of parked threads, all ended together by `stop()`.
///
/// Blocking sockets on plain threads keep a TPM round trip at the loopback floor; the device
/// serialises commands itself, so connections need no ordering here. `stop()` shuts every
/// socket down (which wakes blocked accept/recv calls), waits for each thread, then closes.
final class ServerRuntime: @unchecked Sendable {
    // Safe: `state`, `listeners` and `connections` are read and written under `condition`; the rest never changes.
    private enum State { case running, stopping, stopped }

    private let name: String
    private let logger: Logger
    private let maxConnections: Int
    private let threads = DispatchGroup()
    private let condition = NSCondition()
    private var state = State.running
    private var listeners: [ListeningSocket] = []
    private var connections: [ObjectIdentifier: Connection] = [:]

    init(name: String, logger: Logger, maxConnections: Int = 64) {
        self.name = name
        self.logger = logger
        self.maxConnections = maxConnections
    }

    var isRunning: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state == .running
    }

    /// Accepts on `listener` until the runtime stops; each connection runs `handler`.
    ///
    /// The accepting thread serves what it accepts itself, like swtpm's single loop: libtss2's
    /// swtpm TCTI opens a connection for every command, and no thread hand-off then sits in
    /// the round trip. While a connection is open and idle the thread also watches the
    /// listener; if a second client arrives, another (parked) thread takes over accepting.
    func listen(
        _ listener: ListeningSocket, readTimeoutMilliseconds: Int,
        handler: @escaping @Sendable (Connection) -> Void
    ) {
        condition.lock()
        guard state == .running else {
            condition.unlock()
            listener.close()
            return
        }
        listeners.append(listener)
        condition.unlock()
        spawn("\(name) accept") { [self] in
            acceptAndServe(listener, readTimeoutMilliseconds: readTimeoutMilliseconds, handler: handler)
        }
    }

    private func acceptAndServe(
        _ listener: ListeningSocket, readTimeoutMilliseconds: Int,
        handler: @escaping @Sendable (Connection) -> Void
    ) {
        while true {
            switch listener.accept() {
            case .connection(let fd):
                let connection = Connection(adopting: fd, readTimeoutMilliseconds: readTimeoutMilliseconds)
                guard register(connection) else { continue }
                let handedOver = Flag()
                connection.idleWatch = (
                    listener.fd,
                    { [self] in
                        handedOver.set()
                        spawn("\(name) accept") { [self] in
                            acceptAndServe(listener, readTimeoutMilliseconds: readTimeoutMilliseconds, handler: handler)
                        }
                    }
                )
                run(connection, handler: handler, onEnd: nil)
                if handedOver.isSet { return }
            case .closed:
                if isRunning {
                    logger.warning("\(name): the listening socket was closed or is not listening; no longer accepting")
                }
                return
            case .failed(let error):
                guard isRunning else { return }
                logger.warning("\(name): \(error); still accepting")
                usleep(100_000)
            }
        }
    }

    /// Runs `handler` for `connection` on its own thread, then closes it and calls `onEnd`.
    /// Returns false (and closes the connection) when stopping or at the connection limit.
    @discardableResult
    func serve(
        _ connection: Connection, handler: @escaping @Sendable (Connection) -> Void,
        onEnd: (@Sendable () -> Void)? = nil
    ) -> Bool {
        guard register(connection) else { return false }
        spawn("\(name) connection") { [self] in run(connection, handler: handler, onEnd: onEnd) }
        return true
    }

    /// Counts the connection in, or closes it when stopping or at the connection limit.
    private func register(_ connection: Connection) -> Bool {
        condition.lock()
        guard state == .running, connections.count < maxConnections else {
            let atLimit = state == .running
            condition.unlock()
            connection.close()
            if atLimit { logger.warning("\(name): \(maxConnections) connections are open; refused one more") }
            return false
        }
        connections[ObjectIdentifier(connection)] = connection
        condition.unlock()
        return true
    }

    private func run(_ connection: Connection, handler: @Sendable (Connection) -> Void, onEnd: (@Sendable () -> Void)?)
    {
        logger.info("\(name): a client connected")
        handler(connection)
        condition.lock()
        connections[ObjectIdentifier(connection)] = nil
        condition.unlock()
        connection.close()
        logger.info("\(name): the connection closed")
        onEnd?()
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

        for listener in openListeners { listener.shutdown() }
        for connection in openConnections { connection.shutdown() }
        threads.wait()
        for listener in openListeners { listener.close() }

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

    /// Runs `body` on a parked worker thread if one is idle, else on a new one. Clients such
    /// as libtss2's swtpm TCTI open a connection per command, so reusing threads keeps thread
    /// creation (and its stack set-up) out of every round trip.
    private func spawn(_ threadName: String, _ body: @escaping @Sendable () -> Void) {
        threads.enter()
        let job: @Sendable () -> Void = { [threads] in
            body()
            threads.leave()
        }
        guard !workers.handOff(job) else { return }
        let thread = Thread { [workers] in workers.run(first: job) }
        thread.name = threadName
        thread.start()
    }

    private let workers = WorkerPool()
}

/// A flag one thread sets and another reads.
private final class Flag: @unchecked Sendable {
    // Safe: `value` is read and written under `lock`.
    private let lock = NSLock()
    private var value = false
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// Threads that, after a job, wait a while for the next one instead of exiting.
private final class WorkerPool: @unchecked Sendable {
    // Safe: `idle` and `queue` are read and written under `condition`; `linger` never changes.
    private let condition = NSCondition()
    private var idle = 0
    private var queue: [@Sendable () -> Void] = []
    /// How long an idle worker waits before it exits.
    private let linger: TimeInterval = 30

    /// Gives `job` to an idle worker; false when none is free.
    func handOff(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard idle > queue.count else { return false }
        queue.append(job)
        condition.signal()
        return true
    }

    func run(first: @escaping @Sendable () -> Void) {
        var job: (@Sendable () -> Void)? = first
        while let current = job {
            current()
            condition.lock()
            idle += 1
            let deadline = Date().addingTimeInterval(linger)
            while queue.isEmpty && condition.wait(until: deadline) {}
            idle -= 1
            job = queue.isEmpty ? nil : queue.removeFirst()
            condition.unlock()
        }
    }
}
