import TPMTypes
import TrustCrypto

/// The commit-nonce mechanism of TPM2_Commit, TPM2_EC_Ephemeral and the two-phase commands
/// (Part 3 §19.1; Part 1 Annex C, "Split Operations"; the reference implementation's
/// CryptGenerateR/CryptCommit): the TPM keeps no ephemeral scalar r; it rederives it as
/// KDFa(SHA-256, commitNonce, "ECDAA Commit", name, count, bits of n) from a 64-bit count, and
/// hands out the count's low 16 bits. A bitmap of the last 128 counts says which are still
/// unused; using one clears its bit, so each r serves once.
/// State-reset data: TPM Reset draws a new nonce and starts the count at zero.
struct CommitNonces {
    private static let slots = 128
    private static let indexMask = UInt16(slots - 1)
    private var nonce: [UInt8]
    private var count: UInt64 = 0
    private var unused = [Bool](repeating: false, count: slots)

    init(nonce: [UInt8] = []) { self.nonce = nonce }

    /// r for the next commitment (`counter` nil) or for an earlier one still unused; nil when
    /// `counter` names no unused commitment. `name` is the signing key's Name (Commit) or empty.
    func r(curve: ECCCurve, name: [UInt8], counter: UInt16?) -> [UInt8]? {
        var current = count
        if let counter {
            guard unused[Int(counter & Self.indexMask)] else { return nil }
            // The 16-bit counter is behind `count` by less than the bitmap's span: put back the
            // high bits it had then, and refuse one whose remaining bits do not match.
            if counter & Self.indexMask >= UInt16(truncatingIfNeeded: current) & Self.indexMask {
                current &-= UInt64(Self.slots)
            }
            guard UInt16(truncatingIfNeeded: current) & ~Self.indexMask == counter & ~Self.indexMask else { return nil }
            current = current & ~0xFFFF | UInt64(counter)
        }
        guard let n = try? EngineCrypto.parameters(of: curve).n else { return nil }
        var context: [UInt8] = []
        for shift in stride(from: 56, through: 0, by: -8) {
            context.append(UInt8(truncatingIfNeeded: current >> UInt64(shift)))
        }
        // r must lie in [1, n−1]. Ours, where the reference continues the KDF's counter: each
        // retry asks for one more block's worth and keeps its last bytes (probability ≈ 2⁻³²).
        for attempt in 1...16 {
            let stream = EngineCrypto.kdfa(
                .sha256, key: nonce, label: "ECDAA Commit", contextU: name, contextV: context,
                bits: n.count * 8 * attempt)
            let r = Array(stream.suffix(n.count))
            if r.lexicographicallyPrecedes(n), r.contains(where: { $0 != 0 }) { return r }
        }
        return nil
    }

    /// Marks the r just derived with `r(counter: nil)` as handed out; returns its 16-bit counter.
    mutating func commit() -> UInt16 {
        let counter = UInt16(truncatingIfNeeded: count)
        count &+= 1
        unused[Int(counter & Self.indexMask)] = true
        return counter
    }

    /// The commitment `counter` has been used (CryptEndCommit).
    mutating func end(_ counter: UInt16) {
        unused[Int(counter & Self.indexMask)] = false
    }
}
