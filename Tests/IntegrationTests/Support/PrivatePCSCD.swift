import Foundation

/// pcscd with the vpcd driver, private to one test: its own reader.conf.d (vpcd on a free
/// port pair) and its own /run/pcscd, so the system's pcscd, if any, is never touched.
///
/// pcscd 1.9.9 (Debian) has its socket and pid file fixed at /run/pcscd (the build's ipcdir;
/// the daemon ignores PCSCLITE_CSOCK_NAME, only libpcsclite reads it). So pcscd runs in a mount
/// namespace of its own (`unshare --mount`) with a test folder bound over /run; clients reach
/// its socket at `<folder>/pcscd/pcscd.comm` through PCSCLITE_CSOCK_NAME.
final class PrivatePCSCD {
    static let driver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"

    /// Why the peers are missing, or nil when the tools and the driver are installed.
    static let missingPeers: String? = {
        if !Peers.isInstalled("pcscd") { return "pcscd is not installed (Tools/install-deps)" }
        if !FileManager.default.fileExists(atPath: driver) {
            return "vsmartcard-vpcd is not installed (Tools/install-deps)"
        }
        if !Peers.isInstalled("opensc-tool") { return "opensc is not installed (Tools/install-deps)" }
        return nil
    }()

    /// True when this process may make a mount namespace (root, or CAP_SYS_ADMIN).
    static let canUnshareMounts: Bool = {
        guard Peers.isInstalled("unshare") else { return false }
        return (try? Peers.run("unshare", ["--mount", "--propagation", "private", "true"], timeout: 10).status) == 0
    }()

    /// vpcd's slot 0 listens here, slot 1 on the next port.
    let port: UInt16
    let folder: WorkFolder
    private let process = Process()

    /// `port` reuses a port pair (a restarted pcscd); by default a free pair is chosen.
    init(port: UInt16? = nil) throws {
        folder = try WorkFolder("trustbench-pcscd")
        self.port = port ?? Peers.freePortPair()
        let configFolder = folder.url.appendingPathComponent("reader.conf.d")
        let runFolder = folder.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: configFolder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: runFolder.appendingPathComponent("pcscd"), withIntermediateDirectories: true)
        // The Debian entry (/etc/reader.conf.d/vpcd) with our port: DEVICENAME /dev/null:PORT
        // makes the driver listen (server mode) on PORT for slot 0 and PORT+1 for slot 1.
        let port = String(format: "0x%04X", self.port)
        let entry = """
            FRIENDLYNAME "Virtual PCD"
            DEVICENAME   /dev/null:\(port)
            LIBPATH      \(Self.driver)
            CHANNELID    \(port)

            """
        try Data(entry.utf8).write(to: configFolder.appendingPathComponent("vpcd"))
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "--mount", "--propagation", "private", "/bin/sh", "-c",
            "mount --bind \"$1\" /run && exec pcscd --foreground --config \"$2\"",
            "sh", runFolder.path, configFolder.path,
        ]
        let log = folder.logFile("pcscd.log")
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socketPath) && process.isRunning && Date() < deadline {
            usleep(50_000)
        }
        guard FileManager.default.fileExists(atPath: socketPath), Peers.waitForListener(self.port) else {
            stop()
            let log = (try? String(contentsOfFile: folder.path("pcscd.log"), encoding: .utf8)) ?? ""
            throw TestFailure("the private pcscd did not start (vpcd port \(self.port)); its log:\n\(log)")
        }
    }

    var socketPath: String { folder.path("run/pcscd/pcscd.comm") }

    /// Runs a PC/SC client tool against this pcscd.
    func tool(_ name: String, _ args: [String]) throws -> Peers.Result {
        try Peers.run(name, args, environment: ["PCSCLITE_CSOCK_NAME": socketPath], timeout: 30)
    }

    @discardableResult
    func stop() -> Bool { Peers.stop(process) }

    deinit { stop() }
}

/// `trustbench serve card` with its standard error kept in a file.
final class CardServerProcess {
    private let process = Process()
    let logPath: String

    init(arguments: [String], folder: WorkFolder) throws {
        logPath = folder.path("serve-card.log")
        process.executableURL = URL(fileURLWithPath: Peers.trustbench)
        process.arguments = ["serve", "card"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = folder.logFile("serve-card.log")
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until the log holds `text`.
    func waitForLog(_ text: String, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !log.contains(text) && Date() < deadline { usleep(50_000) }
        return log.contains(text)
    }

    var terminationStatus: Int32 { process.terminationStatus }

    @discardableResult
    func stop() -> Bool { Peers.stop(process) }

    deinit { stop() }
}
