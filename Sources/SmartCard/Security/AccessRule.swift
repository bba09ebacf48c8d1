/// When an operation on a file or key is allowed (ISO/IEC 7816-4 §5.4.3 security attributes,
/// reduced to what this card OS needs): always, never, or after a PIN was verified or a
/// symmetric key authenticated the outside world (EXTERNAL AUTHENTICATE) since power-on.
public enum AccessRule: Codable, Equatable, Sendable {
    case always
    case never
    case pin(UInt8)
    case externalKey(UInt8)
}

/// Who may read, update (UPDATE BINARY/RECORD, APPEND RECORD) or use an object.
public struct AccessRules: Codable, Equatable, Sendable {
    public var read: AccessRule
    public var update: AccessRule

    /// Rules for reading and for updating an object; both default to always allowed.
    /// - Parameters:
    ///   - read: the condition for reading the object.
    ///   - update: the condition for UPDATE BINARY/RECORD and APPEND RECORD.
    public init(read: AccessRule = .always, update: AccessRule = .always) {
        self.read = read
        self.update = update
    }
}
