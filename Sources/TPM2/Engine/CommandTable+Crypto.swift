extension CommandTable {
    /// Symmetric and asymmetric primitives, HMAC and hash sequences, object utilities.
    static let cryptoCommands: [CommandEntry] = [
    ]
}
