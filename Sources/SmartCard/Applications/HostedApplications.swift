import Profiles

/// The applications this card OS can host, by the name a profile's `card.applications` uses:
/// the one list to extend with a new application.
enum HostedApplications {
    typealias Factory =
        @Sendable (_ card: HardwareProfile.CardSection, _ profileName: String) throws(CardError) ->
        any CardApplication

    static let factories: [(name: String, make: Factory)] = [
        ("piv", { card, profileName throws(CardError) in try PIVApplication(profile: card, profileName: profileName) }),
        ("openpgp", { card, _ in OpenPGPApplication(profile: card) }),
    ]

    /// The applications `card` names, built once when the card opens; a sentence naming the
    /// known ones for a name this build lacks, or for two applications whose records would mix.
    static func make(_ card: HardwareProfile.CardSection, profileName: String) throws(CardError)
        -> [any CardApplication]
    {
        let applications = try (card.applications ?? []).map { name throws(CardError) -> any CardApplication in
            guard let factory = factories.first(where: { $0.name == name }) else {
                throw CardError(
                    "profile \(profileName): card.applications names \"\(name)\"; the applications this card OS hosts are \(factories.map(\.name).joined(separator: ", "))"
                )
            }
            return try factory.make(card, profileName)
        }
        let prefixes = applications.map { $0.stateType.recordPrefix }
        for (index, prefix) in prefixes.enumerated() {
            let others = prefixes.enumerated().filter { $0.offset != index }.map(\.element) + [CardState.corePrefix]
            if let clash = others.first(where: { $0.hasPrefix(prefix) || prefix.hasPrefix($0) }) {
                throw CardError(
                    "profile \(profileName): two applications would store records under \"\(prefix)\" and \"\(clash)\"; name each application once"
                )
            }
        }
        return applications
    }
}
