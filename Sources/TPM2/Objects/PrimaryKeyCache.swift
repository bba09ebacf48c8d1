import TPMTypes
import TrustCrypto

/// Derived primary keys by their inputs (seed, template, sensitive data). Derivation is
/// deterministic, so returning the cached result is exactly what deriving again would give;
/// only the caller's authValue, which does not enter the derivation, is set afresh.
final class PrimaryKeyCache {
    private var entries: [[UInt8]: (TPMPublic, TPMSensitive)] = [:]
    private var order: [[UInt8]] = []
    private let capacity = 16

    func derive(
        seed: [UInt8], template: TPMPublic, sensitive create: TPMSensitiveCreate,
        _ make: () throws(TPMError) -> (TPMPublic, TPMSensitive)
    ) throws(TPMError) -> (TPMPublic, TPMSensitive) {
        var keyInput = TPMWriter()
        keyInput.writeSized(seed)
        keyInput.writeNested { template.marshal(into: &$0) }
        keyInput.writeSized(create.data)
        let key = EngineCrypto.digest(.sha256, keyInput.bytes)
        if let (publicArea, sensitive) = entries[key] {
            var copy = sensitive
            copy.authValue = trimmedAuth(create.userAuth)
            return (publicArea, copy)
        }
        let made = try make()
        entries[key] = made
        order.append(key)
        if order.count > capacity { entries[order.removeFirst()] = nil }
        return made
    }

    /// Forgets everything, as when a seed changes (Clear, ChangePPS, ChangeEPS).
    func removeAll() {
        entries = [:]
        order = []
    }
}
