import Foundation
import Testing

extension Peers.Result {
    /// The TPM response code a failing tpm2-tools command printed ("ErrorCode (0x0000098e)",
    /// "Esys_Unseal(0x98E)"); nil when it succeeded or printed none.
    var responseCode: UInt32? {
        guard status != 0 else { return nil }
        for pattern in [#"ErrorCode \(0x[0-9A-Fa-f]+\)"#, #"\(0x[0-9A-Fa-f]+\)"#] {
            if let range = error.range(of: pattern, options: .regularExpression) {
                let hex = error[range].drop { $0 != "x" }.dropFirst().prefix { $0.isHexDigit }
                if let value = UInt32(hex, radix: 16) { return value }
            }
        }
        return nil
    }

    /// The response code, 0 for success and UInt32.max for a failure without one: a single
    /// value that `==` can compare in expectations.
    var rc: UInt32 { status == 0 ? 0 : responseCode ?? UInt32.max }
}

extension TPMServerProcess {
    /// Runs a tool that must succeed, then flushes the objects it left loaded (these tests
    /// run without a resource manager).
    @discardableResult
    func succeed(_ tool: String, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Peers.Result
    {
        let result = try self.tool(tool, args)
        try self.tool("tpm2_flushcontext", ["-t"])
        #expect(
            result.status == 0, "\(tool) \(args.joined(separator: " ")): \(result.error)",
            sourceLocation: sourceLocation)
        return result
    }

    /// Runs a tool that must fail, flushes the objects and sessions it left loaded, and
    /// returns the response code it reported (nil if none).
    func failureCode(_ tool: String, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> UInt32?
    {
        let result = try self.tool(tool, args)
        try self.tool("tpm2_flushcontext", ["-t"])
        try self.tool("tpm2_flushcontext", ["-l"])
        #expect(
            result.status != 0, "\(tool) \(args.joined(separator: " ")) should have failed",
            sourceLocation: sourceLocation)
        return result.responseCode
    }
}

extension TPMServerProcess {
    /// Sends hand-built command bytes with tpm2_send (for commands no tool sends); the response
    /// code from the response header, which tpm2_send writes to `responseFile`.
    func sendRaw(_ bytes: [UInt8], responseFile: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> UInt32?
    {
        let result = try tool("tpm2_send", ["-o", responseFile], input: Data(bytes))
        #expect(result.status == 0, "tpm2_send: \(result.error)", sourceLocation: sourceLocation)
        let response = [UInt8](try Data(contentsOf: URL(fileURLWithPath: responseFile)))
        return response.count >= 10 ? response[6..<10].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } : nil
    }
}

enum SwtpmParity {
    /// Runs `cases` (failing tool calls keyed by a name; `tag` keeps each server's files apart)
    /// against `trustbench serve tpm` and real swtpm, and expects the same code for each.
    static func expectSameCodes(
        count: Int, sourceLocation: SourceLocation = #_sourceLocation,
        _ cases: (TPMServerProcess, String) throws -> [String: UInt32?]
    ) throws {
        var codes: [TPMServerProcess.Kind: [String: UInt32?]] = [:]
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            codes[kind] = try cases(server, kind == .swtpm ? "swtpm" : "ours")
        }
        let ours = codes[.trustbenchSwtpm] ?? [:]
        let theirs = codes[.swtpm] ?? [:]
        #expect(ours.count == count, sourceLocation: sourceLocation)
        for (name, code) in theirs.sorted(by: { $0.key < $1.key }) {
            #expect(code != nil, "swtpm gave no code for \(name)", sourceLocation: sourceLocation)
            #expect(
                ours[name] == code,
                "\(name): ours \(String(describing: ours[name] ?? nil)), swtpm \(String(describing: code))",
                sourceLocation: sourceLocation)
        }
    }
}

extension UInt32 {
    var hex: String { "0x" + String(self, radix: 16) }
}

extension Data {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
