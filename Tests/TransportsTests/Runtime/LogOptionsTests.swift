import Foundation
import Logging
import Testing

@testable import Transports

/// `--log` in swtpm's spelling, and the line sink behind it.
struct LogOptionsTests {
    @Test func swtpmSpellings() throws {
        let file = try LogOptions(parsing: "file=/tmp/x.log,level=20,prefix=tpm0: ,truncate")
        #expect(file.destination == .file(path: "/tmp/x.log", truncate: true))
        #expect(file.level == .trace)
        #expect(file.prefix == "tpm0: ")
        #expect(try LogOptions(parsing: "fd=2").destination == .descriptor(2))
        #expect(try LogOptions(parsing: "file=-,level=5").destination == .nowhere)
        #expect(try LogOptions(parsing: "file=/tmp/x.log").destination == .file(path: "/tmp/x.log", truncate: false))
    }

    @Test func levelsByNumberAndName() throws {
        let expected: [(String, Logger.Level)] = [
            ("0", .notice), ("1", .notice), ("2", .info), ("3", .debug), ("4", .trace), ("debug", .debug),
            ("warning", .warning),
        ]
        for (text, level) in expected {
            let options = try LogOptions(parsing: "level=\(text)")
            #expect(options.level == level, "level=\(text)")
            #expect(options.destination == .standardError)
        }
        #expect(LogOptions().level == .notice)
    }

    @Test func truncateIsSwtpmsBoolean() throws {
        #expect(
            try LogOptions(parsing: "file=/tmp/x.log,truncate=true").destination
                == .file(path: "/tmp/x.log", truncate: true))
        #expect(
            try LogOptions(parsing: "file=/tmp/x.log,truncate=1").destination
                == .file(path: "/tmp/x.log", truncate: true))
        #expect(
            try LogOptions(parsing: "file=/tmp/x.log,truncate=no").destination
                == .file(path: "/tmp/x.log", truncate: false))
    }

    @Test func mistakesAreSentences() {
        for text in ["level=loud", "level=-1", "fd=x", "colour=red", "file="] {
            #expect(throws: TransportError.self, "\(text)") { try LogOptions(parsing: text) }
        }
        do {
            _ = try LogOptions(parsing: "colour=red")
        } catch {
            #expect(error.description.contains("colour=red") && error.description.contains("file=PATH"))
        }
    }

    @Test func fileLinesCarryPrefixAndSeverity() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tpm.log").path
        try Data("old line\n".utf8).write(to: URL(fileURLWithPath: path))

        let sink = try LineSink(.file(path: path, truncate: true))
        let configuration = LogConfiguration(sink: sink, level: .info, prefix: "tpm0: ")
        var logger = Logger(label: "test") { _ in LineLogHandler(configuration: configuration) }
        logger.info("listening")
        logger.warning("bad frame")
        logger.debug("not written")
        logger.logLevel = .debug
        logger.debug("now written")
        #expect(
            try String(contentsOfFile: path, encoding: .utf8)
                == "tpm0: listening\ntpm0: warning: bad frame\ntpm0: now written\n")
        let fresh = folder.appendingPathComponent("new.log").path
        _ = try LineSink(.file(path: fresh, truncate: false))
        let mode = try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int
        #expect(mode == 0o600, "a log may hold secrets at trace level: owner only")

        let appending = try LineSink(.file(path: path, truncate: false))
        appending.write("more\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("now written\nmore\n"))
    }

    /// `--log` is read after the first loggers exist (module loggers are made lazily, but
    /// a server may be built first): the shared configuration governs loggers made before.
    @Test func laterConfigurationGovernsEarlierLoggers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("late.log").path
        let configuration = LogConfiguration(sink: LineSink(descriptor: nil), level: .notice, prefix: "")
        let logger = Logger(label: "test") { _ in LineLogHandler(configuration: configuration) }
        logger.notice("lost: no destination yet")
        configuration.update(sink: try LineSink(.file(path: path, truncate: false)), level: .debug, prefix: "late: ")
        logger.debug("kept")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "late: kept\n")
    }

    @Test func unopenableDestinationsAreSentences() throws {
        #expect(throws: TransportError.self) {
            try LineSink(.file(path: "/nonexistent-folder/tpm.log", truncate: false))
        }
        #expect(throws: TransportError.self) { try LineSink(.descriptor(9999)) }
        let readOnly = open("/dev/null", O_RDONLY)
        defer { close(readOnly) }
        #expect(throws: TransportError.self) { try LineSink(.descriptor(readOnly)) }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("elsewhere").path
        let link = folder.appendingPathComponent("tpm.log").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: TransportError.self, "a log is never written through a symbolic link") {
            try LineSink(.file(path: link, truncate: false))
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}
