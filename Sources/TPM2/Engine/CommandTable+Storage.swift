extension CommandTable {
    /// NV, persistent objects, hierarchies, dictionary attack, clock.
    static let storageCommands: [CommandEntry] = [
    ]
}
