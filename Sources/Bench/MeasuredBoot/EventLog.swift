import TPM2
import TPMTypes
import TrustCrypto

/// A TCG PC Client crypto-agile event log (PC Client Platform Firmware Profile §10): a
/// Specification ID event in the SHA-1 format first, then TCG_PCR_EVENT2 records carrying a
/// digest per bank. All integers little-endian, as UEFI writes them.
public struct EventLog: Equatable {
    public struct Event: Equatable {
        public var pcr: UInt32
        public var type: UInt32
        /// One digest per bank, in the banks' order.
        public var digests: [(TPMAlgorithm, [UInt8])]
        public var data: [UInt8]

        public static func == (lhs: Event, rhs: Event) -> Bool {
            lhs.pcr == rhs.pcr && lhs.type == rhs.type && lhs.data == rhs.data
                && lhs.digests.map(\.0) == rhs.digests.map(\.0) && lhs.digests.map(\.1) == rhs.digests.map(\.1)
        }
    }

    /// The hash algorithms of the log, as the Specification ID event lists them.
    public var banks: [TPMAlgorithm]
    public var events: [Event]

    /// A log from its banks and events.
    /// - Parameters:
    ///   - banks: the hash algorithms the Specification ID event lists.
    ///   - events: the TCG_PCR_EVENT2 records, in order.
    public init(banks: [TPMAlgorithm], events: [Event] = []) {
        self.banks = banks
        self.events = events
    }

    static let noAction: UInt32 = 0x3
    static let specIDSignature = Array("Spec ID Event03".utf8) + [0]

    /// The log as firmware leaves it in memory (and Linux exposes as binary_bios_measurements).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        // TCG_EfiSpecIDEvent inside a TCG_PCClientPCREvent (SHA-1 format, PCR 0, EV_NO_ACTION).
        var spec = Self.specIDSignature
        spec += le32(0)  // platformClass: client
        spec += [0, 2, 0, 2]  // specVersionMinor 0, Major 2, errata 0, uintnSize 2 (64-bit)
        spec += le32(UInt32(banks.count))
        for bank in banks { spec += le16(bank.rawValue) + le16(UInt16(bank.hashAlgorithm?.digestSize ?? 0)) }
        spec += [0]  // vendorInfoSize
        out += le32(0) + le32(Self.noAction) + [UInt8](repeating: 0, count: 20) + le32(UInt32(spec.count)) + spec
        for event in events {
            out += le32(event.pcr) + le32(event.type) + le32(UInt32(event.digests.count))
            for (alg, digest) in event.digests { out += le16(alg.rawValue) + digest }
            out += le32(UInt32(event.data.count)) + event.data
        }
        return out
    }

    /// Parses a crypto-agile log; nil when it is not one.
    /// - Parameter bytes: the log as firmware leaves it (e.g. Linux's binary_bios_measurements).
    public init?(bytes: [UInt8]) {
        var cursor = bytes[...]
        func take(_ n: Int) -> [UInt8]? {
            guard cursor.count >= n else { return nil }
            defer { cursor = cursor.dropFirst(n) }
            return Array(cursor.prefix(n))
        }
        func u32() -> UInt32? { take(4).map { $0.reversed().reduce(0) { $0 << 8 | UInt32($1) } } }
        func u16() -> UInt16? { take(2).map { UInt16($0[1]) << 8 | UInt16($0[0]) } }
        guard u32() == 0, u32() == Self.noAction, take(20) != nil, let specSize = u32(), let spec = take(Int(specSize)),
            spec.count >= 28, Array(spec.prefix(16)) == Self.specIDSignature
        else { return nil }
        var specCursor = spec.dropFirst(24)
        let count = specCursor.prefix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        specCursor = specCursor.dropFirst(4)
        var sizes: [TPMAlgorithm: Int] = [:]
        var banks: [TPMAlgorithm] = []
        for _ in 0..<count {
            guard specCursor.count >= 4 else { return nil }
            let entry = Array(specCursor.prefix(4))
            specCursor = specCursor.dropFirst(4)
            let alg = TPMAlgorithm(rawValue: UInt16(entry[1]) << 8 | UInt16(entry[0]))
            banks.append(alg)
            sizes[alg] = Int(UInt16(entry[3]) << 8 | UInt16(entry[2]))
        }
        var events: [Event] = []
        while !cursor.isEmpty {
            guard let pcr = u32(), let type = u32(), let digestCount = u32() else { return nil }
            var digests: [(TPMAlgorithm, [UInt8])] = []
            for _ in 0..<digestCount {
                guard let raw = u16(), let size = sizes[TPMAlgorithm(rawValue: raw)], let digest = take(size) else {
                    return nil
                }
                digests.append((TPMAlgorithm(rawValue: raw), digest))
            }
            guard let size = u32(), let data = take(Int(size)) else { return nil }
            events.append(Event(pcr: pcr, type: type, digests: digests, data: data))
        }
        self.init(banks: banks, events: events)
    }

    /// The PCR values the log implies from a reset (all zeros), per bank and PCR; CryptoError
    /// for a bank whose hash this libcrypto lacks.
    /// - Returns: for each bank, the final value of each PCR the log extends; banks without a
    ///   known hash are left out.
    /// - Throws: CryptoError for a bank whose hash this libcrypto lacks.
    public func replay() throws -> [TPMAlgorithm: [UInt32: [UInt8]]] {
        var pcrs: [TPMAlgorithm: [UInt32: [UInt8]]] = [:]
        for event in events where event.type != Self.noAction {
            for (alg, digest) in event.digests {
                guard let hash = alg.hashAlgorithm else { continue }
                let old = pcrs[alg]?[event.pcr] ?? [UInt8](repeating: 0, count: hash.digestSize)
                pcrs[alg, default: [:]][event.pcr] = try Hash.digest(hash, old + digest)
            }
        }
        return pcrs
    }
}

func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
