/// A command's parameters or a response's, as a list of fields in wire order. Both directions
/// come from the one list: `init(from:)` reads field after field (a failure names its
/// parameter's number, Part 2 §6.6.3) and `marshal(into:)` writes them; `number(of:)` gives a
/// field's parameter number for the response codes a command body raises.
///
/// Swift's key paths carry the list, rather than a macro or a build plugin: the compiler
/// checks every field's type against its codec, nothing is generated, and the first build
/// stays free of swift-syntax (a macro package would add one to two minutes to it).
public protocol TPMParameterList {
    /// Every field at its zero value, which unmarshalling then replaces, as the reference
    /// zeroes a command's input structure before it unmarshals into it.
    init()
    static var fields: [TPMField<Self>] { get }
    /// The response's handle (TPM2_CreatePrimary's objectHandle): carried in the handle area,
    /// not among the parameters. Nil for the lists that have none.
    static var handleField: WritableKeyPath<Self, TPMHandle>? { get }
}

extension TPMParameterList {
    public static var handleField: WritableKeyPath<Self, TPMHandle>? { nil }

    /// Reads every field in order; a format-one failure names the field's parameter number.
    public init(from reader: inout TPMReader) throws(TPMError) {
        self.init()
        for (index, field) in Self.fields.enumerated() {
            do { try field.read(&self, &reader) } catch { throw error.at(.parameter(index + 1)) }
        }
    }

    public func marshal(into writer: inout TPMWriter) {
        for field in Self.fields { field.write(self, &writer) }
    }

    public var marshalled: [UInt8] {
        var writer = TPMWriter()
        marshal(into: &writer)
        return writer.bytes
    }

    /// The parameter number (from 1) of the field at `path`, for a response code's culprit;
    /// nil for a path that is not in the list.
    /// - Parameter path: the key path of one of the list's fields.
    /// - Returns: the position of the field in `fields`, counting from 1; nil when `path` is not among them.
    public static func number(of path: PartialKeyPath<Self>) -> Int? {
        fields.firstIndex { $0.keyPath == path }.map { $0 + 1 }
    }

    /// `.parameter(n)` for the field at `path`. A path outside the list is a mistake in the
    /// command's body, caught by tests; a server answers without a culprit rather than stop.
    /// - Parameter path: the key path of the field at fault.
    /// - Returns: `.parameter(n)` for the field numbered n; `.none` for a path not in the list (an assertion
    ///   failure first, in a debug build).
    public static func culprit(_ path: PartialKeyPath<Self>) -> TPMError.Culprit {
        guard let number = number(of: path) else {
            assertionFailure("\(path) is not a field of \(Self.self)")
            return .none
        }
        return .parameter(number)
    }
}

/// The parameters (or response) of a command that has none.
public struct TPMNoParameters: TPMParameterList, Equatable, Sendable {
    public init() {}
    public static let fields: [TPMField<Self>] = []
}

/// One field of a parameter list: where it lives in the list and how it goes on the wire.
public struct TPMField<Root>: Sendable {
    public let keyPath: PartialKeyPath<Root> & Sendable
    let read: @Sendable (inout Root, inout TPMReader) throws(TPMError) -> Void
    let write: @Sendable (Root, inout TPMWriter) -> Void

    /// A field read by `read` and written by `write`, for the few whose form depends on more
    /// than their type (a scheme of a family, a ticket of given tags).
    /// - Parameters:
    ///   - path: where the field's value lives in the list.
    ///   - read: reads the value from the command or response bytes.
    ///   - write: writes the value in its wire form.
    /// - Returns: the field.
    public static func custom<Value>(
        _ path: WritableKeyPath<Root, Value> & Sendable,
        read: @escaping @Sendable (inout TPMReader) throws(TPMError) -> Value,
        write: @escaping @Sendable (Value, inout TPMWriter) -> Void
    ) -> TPMField {
        TPMField(
            keyPath: path,
            read: { (root: inout Root, reader: inout TPMReader) throws(TPMError) in
                root[keyPath: path] = try read(&reader)
            },
            write: { root, writer in write(root[keyPath: path], &writer) })
    }

    /// A structure in its canonical form (TPMT_, TPMS_, TPML_ types, TPM_ALG_ID...).
    /// - Parameter path: where the field's value lives in the list.
    /// - Returns: a field read with the type's `init(from:)` and written with its `marshal(into:)`.
    public static func value<Value: TPMCodable & Sendable>(_ path: WritableKeyPath<Root, Value> & Sendable) -> TPMField
    {
        custom(
            path, read: { (reader: inout TPMReader) throws(TPMError) in try Value(from: &reader) },
            write: { $0.marshal(into: &$1) })
    }

    /// An unsigned integer (UINT8 ... UINT64, TPM_HANDLE, TPMI_YES_NO read as its byte).
    /// - Parameter path: where the integer lives in the list.
    /// - Returns: a field read and written most significant byte first, in the width of `Value`.
    public static func integer<Value: FixedWidthInteger & UnsignedInteger & Sendable>(
        _ path: WritableKeyPath<Root, Value> & Sendable
    )
        -> TPMField
    {
        custom(
            path, read: { (reader: inout TPMReader) throws(TPMError) in try reader.read(Value.self) },
            write: { $1.write($0) })
    }

    /// An unsigned integer of an interface type that admits only some values (TPM_SU,
    /// TPMI_DH_PERSISTENT, TPMI_RH_ENABLES...): any other is TPM_RC_VALUE.
    /// - Parameters:
    ///   - path: where the integer lives in the list.
    ///   - admitted: whether a value read is one the interface type allows.
    /// - Returns: a field that refuses any other value with TPM_RC_VALUE when reading; writing does not check.
    public static func integer<Value: FixedWidthInteger & UnsignedInteger & Sendable>(
        _ path: WritableKeyPath<Root, Value> & Sendable,
        where admitted: @escaping @Sendable (Value) -> Bool
    ) -> TPMField {
        custom(
            path,
            read: { (reader: inout TPMReader) throws(TPMError) in
                let value = try reader.read(Value.self)
                guard admitted(value) else { throw TPMError(.value) }
                return value
            }, write: { $1.write($0) })
    }

    /// A scheme of one family (TPMT_SIG_SCHEME, TPMT_KDF_SCHEME...): a selector outside it is
    /// the family's response code.
    /// - Parameters:
    ///   - path: where the scheme lives in the list.
    ///   - kind: the scheme union, which sets the selectors admitted and the code for any other.
    /// - Returns: a field read with `TPMScheme.init(from:kind:)`.
    public static func scheme(_ path: WritableKeyPath<Root, TPMScheme> & Sendable, kind: TPMScheme.Kind) -> TPMField {
        custom(
            path, read: { (reader: inout TPMReader) throws(TPMError) in try TPMScheme(from: &reader, kind: kind) },
            write: { $0.marshal(into: &$1) })
    }

    /// A ticket of the types `tags` (TPMT_TK_HASHCHECK, TPMT_TK_CREATION...): another tag is
    /// TPM_RC_TAG.
    /// - Parameters:
    ///   - path: where the ticket lives in the list.
    ///   - tags: the structure tags the field accepts (TPM_ST_HASHCHECK, TPM_ST_CREATION...).
    /// - Returns: a field read with `TPMTicket.init(from:accepting:)`.
    public static func ticket(_ path: WritableKeyPath<Root, TPMTicket> & Sendable, accepting tags: [UInt16]) -> TPMField
    {
        custom(
            path, read: { (reader: inout TPMReader) throws(TPMError) in try TPMTicket(from: &reader, accepting: tags) },
            write: { $0.marshal(into: &$1) })
    }

    /// TPMT_SYM_DEF_OBJECT+: a symmetric definition for an object, which XOR is not: its
    /// selector is refused (TPM_RC_SYMMETRIC) before any detail is read.
    /// - Parameter path: where the symmetric definition lives in the list.
    /// - Returns: a field that refuses TPM_ALG_XOR, then reads the rest as a TPMT_SYM_DEF.
    public static func symmetricObject(_ path: WritableKeyPath<Root, TPMSymmetricDefinition> & Sendable) -> TPMField {
        custom(
            path,
            read: { (reader: inout TPMReader) throws(TPMError) in
                var selector = reader
                guard try TPMAlgorithm(from: &selector) != .xor else { throw TPMError(.symmetric) }
                return try TPMSymmetricDefinition(from: &reader)
            }, write: { $0.marshal(into: &$1) })
    }

    /// TPMI_YES_NO: one byte, 0 or 1 (anything else is TPM_RC_VALUE).
    /// - Parameter path: where the flag lives in the list.
    /// - Returns: a field that writes true as 1 and false as 0.
    public static func yesNo(_ path: WritableKeyPath<Root, Bool> & Sendable) -> TPMField {
        custom(
            path,
            read: { (reader: inout TPMReader) throws(TPMError) in
                switch try reader.read(UInt8.self) {
                case 0: return false
                case 1: return true
                default: throw TPMError(.value)
                }
            }, write: { $1.write(UInt8($0 ? 1 : 0)) })
    }

    /// A TPM2B of bytes holding at most `max` (TPM_RC_SIZE beyond it).
    /// - Parameters:
    ///   - path: where the buffer lives in the list.
    ///   - max: the largest size the TPM2B type admits.
    /// - Returns: a field read with `TPMReader.readSized(max:)` and written with `TPMWriter.writeSized(_:)`.
    public static func sized(_ path: WritableKeyPath<Root, [UInt8]> & Sendable, max: Int) -> TPMField {
        custom(
            path, read: { (reader: inout TPMReader) throws(TPMError) in try reader.readSized(max: max) },
            write: { $1.writeSized($0) })
    }

    /// A structure inside a TPM2B (TPM2B_PUBLIC, TPM2B_NV_PUBLIC, TPM2B_ECC_POINT): it must
    /// fill its size exactly, and an empty one is TPM_RC_SIZE.
    /// - Parameter path: where the structure lives in the list.
    /// - Returns: a field read with `TPMReader.readNested(allowEmpty:_:)` and written behind a size field.
    public static func sizedValue<Value: TPMCodable & Sendable>(_ path: WritableKeyPath<Root, Value> & Sendable)
        -> TPMField
    {
        custom(
            path,
            read: { (reader: inout TPMReader) throws(TPMError) in
                guard
                    let value = try reader.readNested({ (inner: inout TPMReader) throws(TPMError) in
                        try Value(from: &inner)
                    })
                else {
                    throw TPMError(.size)
                }
                return value
            }, write: { value, writer in writer.writeNested { value.marshal(into: &$0) } })
    }
}
