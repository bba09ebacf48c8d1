/// One node of the ISO/IEC 7816-4 file tree (§7): a DF holding children, or an EF holding
/// data. The tree is a value: commands change it through `CardFileSystem`, and the whole tree
/// is one state record.
public struct CardFile: Codable, Equatable, Sendable {
    public var fid: UInt16
    /// Short EF identifier (1–30), for READ BINARY/RECORD naming an EF without selecting it.
    public var shortID: UInt8?
    public var access: AccessRules
    public var content: Content

    public enum Content: Codable, Equatable, Sendable {
        /// A DF, optionally with a DF name (an application identifier when it is an application).
        case directory(name: [UInt8]?, children: [CardFile])
        /// A transparent EF of fixed size.
        case transparent([UInt8])
        /// A linear-fixed record EF: every record `recordSize` bytes, at most `maxRecords`.
        case linearFixed(records: [[UInt8]], recordSize: Int, maxRecords: Int)
        /// A linear-variable record EF: records of 1…`maxRecordSize` bytes, at most `maxRecords`.
        case linearVariable(records: [[UInt8]], maxRecordSize: Int, maxRecords: Int)
    }

    /// A file of the tree with its identifiers, access rules and content.
    /// - Parameters:
    ///   - fid: the two-byte file identifier (tag 83 of the FCP).
    ///   - shortID: the short EF identifier (1–30); nil when the file has none.
    ///   - access: who may read and update the file.
    ///   - content: the DF's children or the EF's data and structure.
    public init(fid: UInt16, shortID: UInt8? = nil, access: AccessRules = AccessRules(), content: Content) {
        self.fid = fid
        self.shortID = shortID
        self.access = access
        self.content = content
    }

    /// A DF with its children.
    /// - Parameters:
    ///   - fid: the DF's two-byte file identifier.
    ///   - name: the DF name (an application identifier for an application); nil for none.
    ///   - access: who may read and update the DF.
    ///   - children: the files the DF holds.
    /// - Returns: a file whose content is `.directory(name:children:)`.
    public static func directory(
        fid: UInt16, name: [UInt8]? = nil, access: AccessRules = AccessRules(),
        children: [CardFile]
    ) -> CardFile {
        CardFile(fid: fid, access: access, content: .directory(name: name, children: children))
    }

    var isDirectory: Bool { if case .directory = content { true } else { false } }
    var children: [CardFile] { if case .directory(_, let children) = content { children } else { [] } }
    var dfName: [UInt8]? { if case .directory(let name, _) = content { name } else { nil } }

    var records: [[UInt8]]? {
        switch content {
        case .linearFixed(let records, _, _), .linearVariable(let records, _, _): records
        default: nil
        }
    }

    /// The file control parameters template (§7.4.3, tag 62): size (80), descriptor (82),
    /// FID (83), DF name (84), SFI (88) and life cycle status 05, operational and activated (8A).
    var controlParameters: [UInt8] {
        var objects: [UInt8] = []
        switch content {
        case .directory(let name, _):
            objects += BERTLV.encode(0x82, [0x38])
            objects += BERTLV.encode(0x83, fidBytes)
            if let name { objects += BERTLV.encode(0x84, name) }
        case .transparent(let data):
            objects += BERTLV.encode(0x80, [UInt8(data.count >> 8 & 0xFF), UInt8(data.count & 0xFF)])
            objects += BERTLV.encode(0x82, [0x01])
            objects += BERTLV.encode(0x83, fidBytes)
        case .linearFixed(let records, let size, _):
            objects += BERTLV.encode(
                0x82, [0x02, 0x21, UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF), UInt8(clamping: records.count)])
            objects += BERTLV.encode(0x83, fidBytes)
        case .linearVariable(let records, let size, _):
            objects += BERTLV.encode(
                0x82, [0x04, 0x21, UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF), UInt8(clamping: records.count)])
            objects += BERTLV.encode(0x83, fidBytes)
        }
        if let shortID { objects += BERTLV.encode(0x88, [shortID << 3]) }
        objects += BERTLV.encode(0x8A, [0x05])
        return objects
    }

    private var fidBytes: [UInt8] { [UInt8(fid >> 8), UInt8(fid & 0xFF)] }
}

/// A file's place in the tree: the FIDs from the MF (3F00 itself is the empty path).
typealias FilePath = [UInt16]

/// The file tree rooted at the MF, with navigation and in-place changes by path.
struct CardFileSystem: Codable, Equatable {
    static let masterFileID: UInt16 = 0x3F00
    var master: CardFile

    func file(at path: FilePath) -> CardFile? {
        var node = master
        for fid in path {
            guard let child = node.children.first(where: { $0.fid == fid }) else { return nil }
            node = child
        }
        return node
    }

    /// Replaces the content of the file at `path` (which must exist).
    mutating func update(at path: FilePath, _ change: (inout CardFile) -> Void) {
        Self.update(&master, path[...], change)
    }

    private static func update(
        _ node: inout CardFile, _ path: ArraySlice<FilePath.Element>, _ change: (inout CardFile) -> Void
    ) {
        guard let fid = path.first else { return change(&node) }
        guard case .directory(let name, var children) = node.content,
            let index = children.firstIndex(where: { $0.fid == fid })
        else { return }
        update(&children[index], path.dropFirst(), change)
        node.content = .directory(name: name, children: children)
    }

    /// Every DF that has a DF name, depth first in tree order: the order SELECT by name walks
    /// for "first" and "next" occurrence.
    func namedDirectories() -> [(path: FilePath, name: [UInt8])] {
        var found: [(FilePath, [UInt8])] = []
        func walk(_ node: CardFile, _ path: FilePath) {
            if let name = node.dfName { found.append((path, name)) }
            for child in node.children where child.isDirectory { walk(child, path + [child.fid]) }
        }
        walk(master, [])
        return found
    }
}
