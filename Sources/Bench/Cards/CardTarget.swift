import DeviceStore
import Foundation
import Profiles
import SmartCard
import Transports

/// A card the bench talks to: APDUs in, responses out, as a reader exchanges them. The bench
/// never reaches inside the card OS, so a suite runs unchanged on a real card in any reader.
public protocol CardTarget: AnyObject {
    /// How the target was named on the command line, for reports.
    var name: String { get }
    /// The answer-to-reset of the card's last reset.
    var atr: [UInt8] { get }
    /// Sends one command APDU, returns the whole response APDU (data, SW1, SW2).
    func transmit(_ apdu: [UInt8]) throws -> [UInt8]
    /// Cuts the card's power and restores it; nil when the reader cannot.
    var powerCycle: (() throws -> Void)? { get }
    /// The transmission protocol in use, 0 (T=0) or 1 (T=1); nil for a card in this process,
    /// which takes whole APDUs with no protocol between.
    var transmissionProtocol: Int? { get }
    /// Whether the card is still there to answer (after an exchange failed).
    var isPresent: Bool { get }
    /// Runs `body` with the card to the bench alone, no other program's APDU between.
    func exclusively<T>(_ body: () throws -> T) throws -> T
}

extension CardTarget {
    public var transmissionProtocol: Int? { nil }
    public var isPresent: Bool { true }
    public func exclusively<T>(_ body: () throws -> T) throws -> T { try body() }
}

/// `--target` values for cards: `card-sim[:PROFILE]` (the card OS in-process) or
/// `pcsc[:READER]` (any PC/SC reader).
public enum CardTargetSpec {
    /// Whether `specification` names a card target rather than a TPM.
    /// - Parameter specification: a `--target` value.
    /// - Returns: true for `card-sim` and `pcsc` targets.
    public static func isCard(_ specification: String) -> Bool {
        ["card-sim", "pcsc"].contains { specification == $0 || specification.hasPrefix($0 + ":") }
    }

    /// Opens the card target a `--target` value names.
    /// - Parameter specification: `card-sim`, `card-sim:PROFILE`, `pcsc`, `pcsc:` or `pcsc:READER`.
    /// - Returns: the card, reset and ready for commands.
    public static func open(_ specification: String) throws -> CardTarget {
        if specification == "card-sim" || specification.hasPrefix("card-sim:") {
            let profile =
                specification == "card-sim" ? ProfileLoader.defaultCardName : String(specification.dropFirst(9))
            return try CardSimTarget(profile: profile)
        }
        if specification == "pcsc" || specification.hasPrefix("pcsc:") {
            return try PCSCCardTarget(reader: String(specification.dropFirst(5)))
        }
        throw BenchError("a card target is card-sim, card-sim:PROFILE or pcsc:READER, not \(specification)")
    }
}

/// The card OS in-process, on a store in memory: a card fresh from personalization. A power
/// cycle opens the card again from its store, as a chip restarts from its EEPROM.
public final class CardSimTarget: CardTarget {
    public let name: String
    public private(set) var atr: [UInt8]
    private let profile: HardwareProfile
    private let store = MemoryStore()
    private var card: CardOS

    /// Personalizes a card for `profile` in memory and resets it.
    /// - Parameter profile: the card profile's name or the path of its YAML file.
    public init(profile: String) throws {
        do {
            self.profile = try ProfileLoader.load(profile)
            card = try CardOS(profile: self.profile, store: store)
        } catch {
            throw BenchError("cannot open card-sim:\(profile): \(error)")
        }
        atr = card.powerOn()
        name = "card-sim:\(self.profile.name)"
    }

    /// Hands one APDU to the card OS.
    /// - Parameter apdu: the command APDU.
    /// - Returns: the response APDU.
    public func transmit(_ apdu: [UInt8]) throws -> [UInt8] { card.process(apdu) }

    public var powerCycle: (() throws -> Void)? {
        { [self] in
            do { card = try CardOS(profile: profile, store: store) } catch {
                throw BenchError("\(name) did not come back after a power cycle: \(error)")
            }
            atr = card.powerOn()
        }
    }
}

/// A card in a PC/SC reader, through pcscd (real readers, USB tokens, vpcd's virtual reader).
public final class PCSCCardTarget: CardTarget {
    public let name: String
    public private(set) var atr: [UInt8]
    private let card: PCSCCard

    /// Connects to the card in the reader `reader` names: its full name, a unique prefix of it,
    /// or its index in `trustbench devices`; empty for the only reader that holds a card.
    /// - Parameter reader: what follows `pcsc:`.
    public init(reader: String) throws {
        do {
            let context = try PCSCContext()
            let readers = try context.readers()
            let chosen = try Self.choose(reader, among: readers)
            card = try context.connect(chosen.name)
            atr = try card.atr()
            name = "pcsc:\(chosen.name)"
        } catch let error as TransportError {
            throw BenchError(error.description)
        }
    }

    /// The reader `request` names among `readers`.
    /// - Parameters:
    ///   - request: a full name, a unique prefix, an index, or empty for the only reader with a card.
    ///   - readers: the readers pcscd serves.
    /// - Returns: the reader chosen.
    static func choose(_ request: String, among readers: [PCSCContext.Reader]) throws -> PCSCContext.Reader {
        let listing = readers.enumerated().map { "\($0.offset): \($0.element.name)" }.joined(separator: "; ")
        guard !readers.isEmpty else {
            throw BenchError("pcscd serves no reader; plug one in (or start vpcd) and check with `trustbench devices`")
        }
        if request.isEmpty {
            let withCards = readers.filter { $0.atr != nil }
            guard withCards.count == 1 else {
                throw BenchError(
                    withCards.isEmpty
                        ? "no reader holds a card (readers: \(listing))"
                        : "several readers hold a card; name one as pcsc:READER (readers: \(listing))")
            }
            return withCards[0]
        }
        if let exact = readers.first(where: { $0.name == request }) { return exact }
        if let index = Int(request), readers.indices.contains(index) { return readers[index] }
        let matches = readers.filter { $0.name.hasPrefix(request) }
        guard matches.count == 1 else {
            throw BenchError(
                matches.isEmpty
                    ? "no reader is named \(request) (readers: \(listing))"
                    : "\(request) names several readers; give more of the name (readers: \(listing))")
        }
        return matches[0]
    }

    /// Sends one APDU through pcscd.
    /// - Parameter apdu: the command APDU.
    /// - Returns: the response APDU.
    public func transmit(_ apdu: [UInt8]) throws -> [UInt8] {
        do { return try card.transmit(apdu) } catch { throw BenchError("\(name): \(error)") }
    }

    public var transmissionProtocol: Int? { card.transmissionProtocol }
    public var isPresent: Bool { card.isPresent }

    /// Runs `body` inside a PC/SC transaction.
    /// - Parameter body: the exchanges of one case.
    /// - Returns: what `body` returns.
    public func exclusively<T>(_ body: () throws -> T) throws -> T {
        do { return try card.exclusively(body) } catch let error as TransportError {
            throw BenchError(error.description)
        }
    }

    public var powerCycle: (() throws -> Void)? {
        { [self] in
            do {
                try card.powerCycle()
                atr = try card.atr()
            } catch {
                throw BenchError("\(name) cannot be power-cycled: \(error)")
            }
        }
    }
}
