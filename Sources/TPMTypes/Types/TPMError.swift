/// A command's failure: the response code plus, for format-one codes, which handle, session
/// or parameter was at fault (Part 2 §6.6.3: parameter n adds 0x40 | n<<8, handle n adds
/// n<<8, session n adds (n+8)<<8).
public struct TPMError: Error, Equatable, Sendable {
    public enum Culprit: Equatable, Sendable {
        case none
        case handle(Int)
        case session(Int)
        case parameter(Int)
    }

    public let code: TPMResponseCode
    public let culprit: Culprit

    /// A failure with its response code and, optionally, what was at fault.
    /// - Parameters:
    ///   - code: the response code (TPM_RC).
    ///   - culprit: the handle, session or parameter at fault, numbered from 1; `.none` by default.
    ///     Only a format-one code carries it on the wire.
    public init(_ code: TPMResponseCode, _ culprit: Culprit = .none) {
        self.code = code
        self.culprit = culprit
    }

    /// Names the culprit unless an inner layer already did; only format-one codes carry one.
    /// - Parameter culprit: the handle, session or parameter (numbered from 1) to blame.
    /// - Returns: this error naming `culprit`; unchanged when it already names one or its code is format-zero.
    public func at(_ culprit: Culprit) -> TPMError {
        guard self.culprit == .none, code.isFormatOne else { return self }
        return TPMError(code, culprit)
    }

    /// The value that goes on the wire.
    public var responseCode: UInt32 {
        guard code.isFormatOne else { return code.rawValue }
        switch culprit {
        case .none: return code.rawValue
        case .handle(let n): return code.rawValue | UInt32(n & 0x7) << 8
        case .session(let n): return code.rawValue | UInt32((n & 0x7) + 8) << 8
        case .parameter(let n): return code.rawValue | 0x40 | UInt32(n & 0xF) << 8
        }
    }

    public static let failure = TPMError(.failure)
}

extension TPMError {
    /// Runs `body` and attributes any format-one failure to `culprit`.
    /// - Parameters:
    ///   - culprit: the handle, session or parameter (numbered from 1) to blame for a failure of `body`.
    ///   - body: the work to run.
    /// - Returns: what `body` returns.
    /// - Throws: the error `body` throws, with `culprit` named as `at(_:)` names it.
    @inline(__always)
    public static func attributing<T>(_ culprit: Culprit, _ body: () throws(TPMError) -> T) throws(TPMError) -> T {
        do { return try body() } catch { throw error.at(culprit) }
    }
}
