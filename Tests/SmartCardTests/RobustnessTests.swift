import Testing

@testable import SmartCard

/// Hostile bytes get a status word, never a trap: valid commands of every family, truncated,
/// mutated and extended systematically, each answered with at least SW1 SW2.
@Suite("Card robustness")
struct RobustnessTests {
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

    /// Every truncation of each seed, each byte replaced by 00, FF and its complement, and
    /// 1–3 stray bytes appended: systematic, so a failure names its variant.
    static func variants(of seed: [UInt8]) -> [[UInt8]] {
        var out = (0..<seed.count).map { Array(seed.prefix($0)) }
        for index in seed.indices {
            for value in [0x00, 0xFF, ~seed[index]] as [UInt8] {
                var mutated = seed
                mutated[index] = value
                out.append(mutated)
            }
        }
        out += [seed + [0x00], seed + [0xFF, 0x01], seed + [0x00, 0x00, 0x00]]
        return out
    }

    @Test("Truncated, mutated and extended commands always get a status word")
    func mutatedCommands() throws {
        let card = try TestCard()
        _ = card.verifyPIN()
        for (number, seed) in Self.seeds.enumerated() {
            for bytes in Self.variants(of: seed) {
                let response = card.os.process(bytes)
                let sw1 = response.count >= 2 ? response[response.count - 2] : 0
                #expect(sw1 == 0x90 || (0x61...0x6F).contains(sw1), "seed \(number): \(bytes) answered \(response)")
            }
            _ = card.os.powerOn()
            _ = card.verifyPIN()
        }
    }
}
