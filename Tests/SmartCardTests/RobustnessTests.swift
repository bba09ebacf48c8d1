import Testing
@testable import SmartCard

/// Hostile bytes get a status word, never a trap: valid commands of every family, truncated
/// and mutated by a seeded generator, each answered with at least SW1 SW2.
@Suite("Card robustness")
struct RobustnessTests {
    /// SplitMix64: the same sequence on every run, so a failure can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [[UInt8]] = [
        [0x00, 0xA4, 0x04, 0x00, 0x08] + CardLayout.firstAID + [0x00],
        [0x00, 0xA4, 0x08, 0x04, 0x04, 0x50, 0x00, 0x50, 0x03, 0x00],
        [0x00, 0xB0, 0x81, 0x00, 0x10],
        [0x00, 0xD6, 0x81, 0x00, 0x02, 0x01, 0x02],
        [0x00, 0xB2, 0x01, 0x1C, 0x00],
        [0x00, 0xE2, 0x00, 0x20, 0x01, 0x05],
        [0x00, 0x20, 0x00, 0x01, 0x06, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36],
        [0x00, 0x2C, 0x00, 0x01, 0x0C] + Array("123456784321".utf8),
        [0x00, 0x84, 0x00, 0x00, 0x08],
        [0x00, 0x22, 0x41, 0xB6, 0x03, 0x84, 0x01, 0x03],
        [0x00, 0x2A, 0x9E, 0x9A, 0x20] + [UInt8](repeating: 0xAB, count: 32) + [0x00],
        [0x00, 0x47, 0x80, 0x00, 0x05, 0xB6, 0x03, 0x84, 0x01, 0x03, 0x00],
        [0x00, 0x70, 0x00, 0x00, 0x01],
        [0x10, 0xD6, 0x00, 0x00, 0x01, 0x01],
        [0x00, 0xC0, 0x00, 0x00, 0x00],
        [0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00],
    ]

    @Test("Truncated and mutated commands always get a status word")
    func mutatedCommands() throws {
        let card = try TestCard()
        var random = SeededGenerator(state: 0x7816)
        for round in 0..<3000 {
            var bytes = Self.seeds[round % Self.seeds.count]
            switch random.next() % 3 {
            case 0: bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
            case 1:
                let index = Int(random.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: random.next())
            default: bytes += (0..<Int(random.next() % 4)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
            let response = card.os.process(bytes)
            #expect(response.count >= 2, "round \(round): \(bytes)")
            if round % 500 == 0 { _ = card.os.powerOn() }
        }
    }
}
