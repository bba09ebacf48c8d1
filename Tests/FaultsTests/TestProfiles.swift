import Profiles

/// The profiles the tearing tests run on; one that does not load is a broken checkout.
enum TestProfiles {
    static let tpm = load(ProfileLoader.defaultTPMName)
    static let card = load(ProfileLoader.defaultCardName)

    private static func load(_ name: String) -> HardwareProfile {
        do { return try ProfileLoader.load(name) } catch { preconditionFailure("profile \(name) must load: \(error)") }
    }
}
