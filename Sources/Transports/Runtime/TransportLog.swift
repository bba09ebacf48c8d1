import Foundation

/// Where servers report bad input and failures: one call, one line, no trailing newline.
public typealias TransportLog = @Sendable (String) -> Void

public enum TransportLogging {
    /// Writes "trustbench: <line>" to standard error.
    public static let standardError: TransportLog = { line in
        FileHandle.standardError.write(Data("trustbench: \(line)\n".utf8))
    }
}
