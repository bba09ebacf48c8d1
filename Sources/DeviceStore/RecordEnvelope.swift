import TrustCrypto

/// How a record sits in its file: "TBSR", u16 envelope version (1), u8 protection, u32 payload
/// length, the payload, and for protection 0 a SHA-256 over the record's name, the header and
/// the payload. Protection 1 (a --key was given) makes the payload AES-256-GCM (nonce,
/// ciphertext, tag) with the name and header as associated data. The name is bound in so a
/// file copied over another is caught; the length and digest or tag catch truncation and
/// flipped bits. Without a key this detects damage, not deliberate tampering.
enum RecordEnvelope {
    static let magic: [UInt8] = Array("TBSR".utf8)
    static let version: UInt16 = 1
    static let headerSize = 11

    enum Protection: UInt8 {
        case checksum = 0
        case encrypted = 1
    }

    static func seal(_ payload: [UInt8], name: String, key: [UInt8]?) throws(StoreError) -> [UInt8] {
        let protection: Protection = key == nil ? .checksum : .encrypted
        let body: [UInt8]
        if let key {
            let plainHeader = header(protection, length: 0)
            do {
                body = try AESGCM.seal(payload, key: key, associatedData: Array(name.utf8) + plainHeader)
            } catch {
                throw .io(path: name, reason: "encryption failed (\(error))")
            }
        } else {
            body = payload
        }
        var file = header(protection, length: body.count) + body
        if protection == .checksum { file += try checksum(Array(name.utf8) + file, path: name) }
        return file
    }

    /// The SHA-256 trailer of a checksummed record.
    private static func checksum(_ bytes: [UInt8], path: String) throws(StoreError) -> [UInt8] {
        do { return try Hash.digest(.sha256, bytes) } catch {
            throw .io(
                path: path, reason: "cannot compute its SHA-256 checksum (\(error)); this libcrypto lacks SHA-256")
        }
    }

    /// The payload of a record file, or why it cannot be trusted.
    static func open(_ file: [UInt8], name: String, path: String, key: [UInt8]?) throws(StoreError) -> [UInt8] {
        guard file.count >= headerSize, Array(file.prefix(4)) == magic else {
            throw .corrupt(
                path: path,
                reason: file.count < headerSize
                    ? "is truncated (\(file.count) bytes)" : "is not a TrustBench state record (no TBSR header)")
        }
        let version = UInt16(file[4]) << 8 | UInt16(file[5])
        guard version == Self.version else {
            throw .corrupt(
                path: path,
                reason:
                    "has record format \(version), which this trustbench does not read (it reads \(Self.version)); use the trustbench that wrote it"
            )
        }
        guard let protection = Protection(rawValue: file[6]) else {
            throw .corrupt(path: path, reason: "names an unknown protection \(file[6])")
        }
        let length = file[7..<11].reduce(0) { $0 << 8 | Int($1) }
        let trailer = protection == .checksum ? 32 : 0
        guard file.count == headerSize + length + trailer else {
            throw .corrupt(
                path: path,
                reason:
                    "is truncated or extended: \(file.count) bytes where its header promises \(headerSize + length + trailer)"
            )
        }
        let body = Array(file[headerSize..<(headerSize + length)])
        switch (protection, key) {
        case (.checksum, nil):
            let digest = try checksum(Array(name.utf8) + Array(file.prefix(headerSize + length)), path: path)
            guard SecureBytes.equal(digest, Array(file.suffix(32))) else {
                throw .corrupt(
                    path: path,
                    reason:
                        "fails its SHA-256 integrity check (bits changed on the medium, or the file belongs to another record)"
                )
            }
            return body
        case (.encrypted, let key?):
            do {
                return try AESGCM.open(body, key: key, associatedData: Array(name.utf8) + header(.encrypted, length: 0))
            } catch {
                throw .corrupt(
                    path: path,
                    reason: "does not decrypt with the given --key (a different key, or the file was changed)")
            }
        case (.checksum, .some):
            throw .corrupt(path: path, reason: "is stored unencrypted, but a --key was given; start without --key")
        case (.encrypted, nil):
            throw .corrupt(path: path, reason: "is encrypted; start with the --key it was written with")
        }
    }

    private static func header(_ protection: Protection, length: Int) -> [UInt8] {
        magic + [
            UInt8(version >> 8), UInt8(version & 0xFF), protection.rawValue,
            UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF),
        ]
    }
}
