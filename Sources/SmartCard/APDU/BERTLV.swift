/// BER-TLV data objects (ISO/IEC 7816-4 §6.3 and 8825-1): one- to three-byte tags and
/// definite lengths of up to three bytes, the encoding of FCP, CRTs and public keys.
enum BERTLV {
    /// Tag, length and value.
    static func encode(_ tag: UInt16, _ value: [UInt8]) -> [UInt8] {
        let tagBytes: [UInt8] = tag > 0xFF ? [UInt8(tag >> 8), UInt8(tag & 0xFF)] : [UInt8(tag)]
        return tagBytes + length(value.count) + value
    }

    static func length(_ count: Int) -> [UInt8] {
        switch count {
        case ..<0x80: [UInt8(count)]
        case ..<0x100: [0x81, UInt8(count)]
        default: [0x82, UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        }
    }

    /// The top-level objects of `bytes` as (tag, value) in order; nil when they do not parse
    /// exactly (the caller answers 6A80 incorrect data).
    static func parse(_ bytes: [UInt8]) -> [(tag: UInt16, value: [UInt8])]? {
        var objects: [(UInt16, [UInt8])] = []
        var index = 0
        while index < bytes.count {
            var tag = UInt16(bytes[index])
            index += 1
            if tag & 0x1F == 0x1F {  // multi-byte tag: one more byte here
                guard index < bytes.count else { return nil }
                tag = tag << 8 | UInt16(bytes[index])
                index += 1
            }
            guard let length = readLength(bytes, at: &index), length <= bytes.count - index else { return nil }
            objects.append((tag, Array(bytes[index..<(index + length)])))
            index += length
        }
        return objects
    }

    /// A definite length of one to four bytes at `index`, which moves past it; nil when it runs
    /// past the end or is the indefinite form (80), which is not BER-TLV for cards.
    static func readLength(_ bytes: [UInt8], at index: inout Int) -> Int? {
        guard index < bytes.count else { return nil }
        var length = Int(bytes[index])
        var next = index + 1
        if length > 0x80 {
            let count = length & 0x7F
            guard count <= 3, next + count <= bytes.count else { return nil }
            length = bytes[next..<(next + count)].reduce(0) { $0 << 8 | Int($1) }
            next += count
        } else if length == 0x80 {
            return nil
        }
        index = next
        return length
    }

    /// The value of the first object tagged `tag`.
    static func value(_ tag: UInt16, in objects: [(tag: UInt16, value: [UInt8])]) -> [UInt8]? {
        objects.first { $0.tag == tag }?.value
    }
}
