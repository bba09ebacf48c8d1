/// Just enough BER-TLV (ISO/IEC 8825-1) for a verifier to check a card's templates.
enum BenchTLV {
    /// Whether `data` is exactly one BER-TLV object, its length field matching what follows.
    static func isSingleObject(_ data: [UInt8]) -> Bool {
        guard !data.isEmpty else { return false }
        var index = 1
        // Multi-byte tags: 1F in the low five bits, then bytes with bit 8 set, then a last one.
        if data[0] & 0x1F == 0x1F {
            while index < data.count, data[index] & 0x80 != 0 { index += 1 }
            index += 1
        }
        guard index < data.count else { return false }
        let first = data[index]
        index += 1
        var length = Int(first)
        if first & 0x80 != 0 {
            let count = Int(first & 0x7F)
            guard count >= 1, count <= 3, index + count <= data.count else { return false }
            length = data[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
            index += count
        }
        return index + length == data.count
    }

    /// The BER-TLV objects of `data` in order (tags of any length, definite lengths of up to
    /// three bytes), skipping the 00 and FF bytes that may pad them; nil when `data` is not
    /// such a sequence.
    static func objects(_ data: [UInt8]) -> [[UInt8]]? {
        var objects: [[UInt8]] = []
        var index = 0
        while index < data.count {
            if data[index] == 0x00 || data[index] == 0xFF {
                index += 1
                continue
            }
            guard let (_, end) = valueRange(data, at: index) else { return nil }
            objects.append(Array(data[index..<end]))
            index = end
        }
        return objects
    }

    /// The value of the first child with the one-byte tag `tag` of the constructed object
    /// `object`, or nil.
    static func child(_ tag: UInt8, of object: [UInt8]) -> [UInt8]? {
        guard let (start, end) = valueRange(object, at: 0),
            let children = objects(Array(object[start..<end]))
        else { return nil }
        guard let found = children.first(where: { $0.first == tag }),
            let (valueStart, valueEnd) = valueRange(found, at: 0)
        else {
            return nil
        }
        return Array(found[valueStart..<valueEnd])
    }

    /// The objects of `data` as tag and value (the tag's bytes read as one number: 5FC102),
    /// without padding; nil when `data` is not a sequence of BER-TLV objects.
    static func elements(_ data: [UInt8]) -> [(tag: UInt32, value: [UInt8])]? {
        guard let objects = objects(data) else { return nil }
        var elements: [(tag: UInt32, value: [UInt8])] = []
        for object in objects {
            var tagEnd = 1
            if object[0] & 0x1F == 0x1F {
                while tagEnd < object.count, object[tagEnd] & 0x80 != 0 { tagEnd += 1 }
                tagEnd += 1
            }
            guard tagEnd <= 4, let (start, end) = valueRange(object, at: 0) else { return nil }
            elements.append((object[0..<tagEnd].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }, Array(object[start..<end])))
        }
        return elements
    }

    /// A definite length field (8825-1 §8.1.3) for a value of `count` bytes.
    static func length(_ count: Int) -> [UInt8] {
        switch count {
        case ..<0x80: [UInt8(count)]
        case ..<0x100: [0x81, UInt8(count)]
        case ..<0x10000: [0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
        default: [0x83, UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        }
    }

    /// The value of the element with `tag` among `elements`, or nil.
    static func value(_ tag: UInt32, in elements: [(tag: UInt32, value: [UInt8])]) -> [UInt8]? {
        elements.first { $0.tag == tag }?.value
    }

    /// Where the value of the object at `offset` starts and where the object ends.
    private static func valueRange(_ data: [UInt8], at offset: Int) -> (Int, Int)? {
        guard offset < data.count else { return nil }
        var index = offset + 1
        // Multi-byte tags: 1F in the low five bits, then bytes with bit 8 set, then a last one.
        if data[offset] & 0x1F == 0x1F {
            while index < data.count, data[index] & 0x80 != 0 { index += 1 }
            index += 1
        }
        guard index < data.count else { return nil }
        var length = Int(data[index])
        index += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count >= 1, count <= 3, index + count <= data.count else { return nil }
            length = data[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
            index += count
        }
        guard index + length <= data.count else { return nil }
        return (index, index + length)
    }
}
