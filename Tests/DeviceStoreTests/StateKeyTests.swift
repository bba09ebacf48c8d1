import DeviceStore
import Foundation
import Testing

/// `--key` in swtpm's spelling.
@Suite("State key")
struct StateKeyTests {
    private func file(_ contents: Data) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-key-\(UUID().uuidString)")
        try contents.write(to: url)
        return url.path
    }

    @Test("hex (the default) and binary key files give the same 32 bytes; remove=true deletes the file")
    func formats() throws {
        let bytes = (0..<32).map { UInt8($0 * 7 & 0xFF) }
        let hexText = bytes.map { String(format: "%02x", $0) }.joined() + "\n"
        #expect(try StateKey.load("file=\(try file(Data(hexText.utf8)))") == bytes)
        #expect(try StateKey.load("file=\(try file(Data(hexText.utf8))),format=hex,mode=aes-256-gcm") == bytes)
        let binary = try file(Data(bytes))
        #expect(try StateKey.load("file=\(binary),format=binary,remove=true") == bytes)
        #expect(!FileManager.default.fileExists(atPath: binary))
    }

    @Test(
        "Wrong sizes, modes and spellings are sentences that say what to give",
        arguments: [
            ("format=hex", "needs file=PATH"),
            ("file=/nonexistent/key", "cannot read the key file"),
            ("file=SHORTHEX", "should hold 64 hex digits"),
            ("file=SHORTBIN,format=binary", "a binary key is exactly 32 bytes"),
            ("file=SHORTBIN,mode=aes-cbc", "mode=aes-256-gcm"),
            ("file=SHORTBIN,pwdfile=x", "is not one of those"),
        ])
    func refused(specification: String, message: String) throws {
        let spec =
            specification
            .replacingOccurrences(of: "SHORTHEX", with: try file(Data("abcd".utf8)))
            .replacingOccurrences(of: "SHORTBIN", with: try file(Data([1, 2, 3])))
        #expect { try StateKey.load(spec) } throws: { error in
            (error as? StateKeyError)?.description.contains(message) == true
        }
    }
}
