import Foundation

/// Runs real peers (tpm2-tools, openssl, swtpm) and the `trustbench` executable that
/// `swift build --build-tests` puts beside the test bundle.
enum Peers {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// The build folder holding the test bundle and the trustbench executable.
    static var buildFolder: URL {
        var url = Bundle.main.bundleURL
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("trustbench").path)
        {
            url.deleteLastPathComponent()
        }
        return url
    }

    static var trustbench: String { buildFolder.appendingPathComponent("trustbench").path }

    static func isInstalled(_ tool: String) -> Bool {
        ["/usr/bin/", "/usr/sbin/", "/usr/local/bin/"].contains {
            FileManager.default.isExecutableFile(atPath: $0 + tool)
        }
    }

    /// Runs `tool args` with `environment` added, waiting at most `timeout` seconds.
    @discardableResult
    static func run(
        _ tool: String, _ args: [String], environment: [String: String] = [:], input: Data? = nil,
        timeout: TimeInterval = 60
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : "/usr/bin/env")
        process.arguments = tool.hasPrefix("/") ? args : [tool] + args
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        // Both pipes drain on their own threads so a chatty tool never blocks on a full pipe.
        let outReader = PipeDrain(out)
        let errReader = PipeDrain(err)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        // A daemon the tool left behind may hold the pipes open: read what came, do not wait for it.
        return Result(
            status: process.terminationStatus, output: String(decoding: outReader.wait(timeout: 5), as: UTF8.self),
            error: String(decoding: errReader.wait(timeout: 5), as: UTF8.self))
    }

    /// SIGTERM, then SIGKILL if `process` has not gone within five seconds.
    /// Returns whether SIGTERM alone stopped it.
    @discardableResult
    static func stop(_ process: Process) -> Bool {
        guard process.isRunning else { return true }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let stoppedByTerm = !process.isRunning
        if !stoppedByTerm { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return stoppedByTerm
    }

    /// A port P below the ephemeral range with P and P+1 free for listening.
    static func freePortPair() -> UInt16 {
        for _ in 0..<200 {
            let port = UInt16.random(in: 20000...32000)
            if canBind(port) && canBind(port + 1) { return port }
        }
        return 0
    }

    private static func canBind(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Waits until something accepts connections on the port.
    static func waitForListener(_ port: UInt16, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if ok { return true }
            usleep(50_000)
        }
        return false
    }
}

/// Reads a pipe to its end on a background thread.
final class PipeDrain: @unchecked Sendable {
    // Safe: `data` is only touched under `lock`; `done` is a semaphore.
    private var data = Data()
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                data.append(chunk)
                lock.unlock()
            }
            done.signal()
        }
    }

    func wait(timeout: TimeInterval) -> Data {
        _ = done.wait(timeout: .now() + timeout)
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}

/// A TPM server process (ours or swtpm) on free loopback ports, stopped when done.
final class TPMServerProcess: @unchecked Sendable {
    // Safe: the only use from another thread is tool() (CrashSoakTests' client), which reads
    // the constants kind and port; the process itself is started, stopped and waited for only
    // from the test's own thread (or deinit, when no other reference is left).
    enum Kind { case trustbenchSwtpm, trustbenchMssim, swtpm }

    let kind: Kind
    let port: UInt16
    let stateDirectory: URL
    private let process = Process()

    /// `arguments` are added to `trustbench serve tpm`'s command line (not to swtpm's).
    init(_ kind: Kind, stateDirectory: URL? = nil, arguments: [String] = []) throws {
        self.kind = kind
        port = Peers.freePortPair()
        self.stateDirectory =
            stateDirectory
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("trustbench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.stateDirectory, withIntermediateDirectories: true)
        switch kind {
        case .trustbenchSwtpm:
            process.executableURL = URL(fileURLWithPath: Peers.trustbench)
            process.arguments =
                [
                    "serve", "tpm", "--server", "type=tcp,port=\(port)", "--ctrl", "type=tcp,port=\(port + 1)",
                    "--flags", "not-need-init,startup-clear", "--tpmstate", "dir=\(self.stateDirectory.path)",
                ] + arguments
        case .trustbenchMssim:
            process.executableURL = URL(fileURLWithPath: Peers.trustbench)
            process.arguments =
                ["serve", "tpm", "--mssim", "\(port)", "--tpmstate", "dir=\(self.stateDirectory.path)"] + arguments
        case .swtpm:
            process.executableURL = URL(fileURLWithPath: "/usr/bin/swtpm")
            process.arguments = [
                "socket", "--tpm2", "--server", "type=tcp,port=\(port)", "--ctrl", "type=tcp,port=\(port + 1)",
                "--flags", "not-need-init,startup-clear", "--tpmstate", "dir=\(self.stateDirectory.path)",
            ]
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard Peers.waitForListener(port) else {
            process.terminate()
            throw TestFailure("the TPM server did not start listening on 127.0.0.1:\(port)")
        }
    }

    /// TPM2TOOLS_TCTI for talking to this server directly.
    var tcti: String {
        kind == .trustbenchMssim ? "mssim:host=127.0.0.1,port=\(port)" : "swtpm:host=127.0.0.1,port=\(port)"
    }

    /// Runs a tpm2-tools command against this server.
    @discardableResult
    func tool(_ name: String, _ args: [String], input: Data? = nil) throws -> Peers.Result {
        try Peers.run(name, args, environment: ["TPM2TOOLS_TCTI": tcti], input: input)
    }

    /// Sends one signal to the mssim platform port (port + 1) and returns the simulator's
    /// four-byte answer as a number (0 is acknowledged), nil if the connection failed.
    func platformSignal(_ code: UInt32) -> UInt32? {
        precondition(kind == .trustbenchMssim, "only the mssim protocol has a platform port")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = (port + 1).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { return nil }
        let request = withUnsafeBytes(of: code.bigEndian) { [UInt8]($0) }
        guard write(fd, request, 4) == 4 else { return nil }
        var answer = [UInt8](repeating: 0, count: 4)
        var received = 0
        while received < 4 {
            let n = answer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + received, 4 - received) }
            guard n > 0 else { return nil }
            received += n
        }
        return answer.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// SIGTERM, then SIGKILL if the server has not gone within five seconds.
    /// Returns whether SIGTERM alone stopped it.
    @discardableResult
    func stop() -> Bool { Peers.stop(process) }

    /// SIGKILL: the process dies where it stands, as in a power cut of the host.
    func crash() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
