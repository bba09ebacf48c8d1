internal import COpenSSL

extension CryptoError {
    /// Captures OpenSSL's thread-local error queue as one `.openSSL` value naming the failed call,
    /// and empties the queue so the next failure reports only its own cause.
    static func openSSLFailure(_ call: String) -> CryptoError {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let text = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            reasons.append(String(decoding: text, as: UTF8.self))
        }
        if reasons.isEmpty { return .openSSL("\(call) failed") }
        return .openSSL("\(call) failed: " + reasons.joined(separator: "; "))
    }
}

/// Small process-wide OpenSSL utilities.
enum OpenSSLErrors {
    /// Forgets queued errors after a failure we report without OpenSSL's words (a bad signature,
    /// a padding failure), so they do not leak into a later, unrelated `.openSSL` message.
    static func discard() {
        ERR_clear_error()
    }
}
