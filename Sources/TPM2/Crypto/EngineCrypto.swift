import TPMTypes
import TrustCrypto

/// TrustCrypto as the engine calls it, for algorithms the engine admitted: every hash, curve and
/// cipher a profile lists, and the engine's own SHA-256, pass `AlgorithmCheck` when the engine
/// opens, so TrustCrypto has no reason to answer `.unsupported` here.
///
/// Should it fail anyway, the failure is latched for the running command instead of trapping:
/// the engine answers that command TPM_RC_FAILURE and enters failure mode, as the reference's
/// FAIL() does (TpmFail.c). The value returned meanwhile (zeros of the right length) is never
/// seen by a client, since failure mode discards the command's response.
enum EngineCrypto {
    /// Collects the first crypto failure of one command; bound by `TPMEngine.execute` for the
    /// command it runs, which holds the engine's lock, so one thread uses it at a time.
    final class FaultLatch: @unchecked Sendable {
        // Safe: used by one thread at a time: one latch per command, run synchronously under the engine's lock.
        private(set) var fault: CryptoError?

        func record(_ error: CryptoError) {
            if fault == nil { fault = error }
        }
    }

    /// The latch of the command running in this task (or on this thread outside tasks); nil
    /// outside a command, e.g. while the engine manufactures itself.
    @TaskLocal static var latch: FaultLatch?

    /// Tests: while set, every operation through EngineCrypto fails with this error, as a
    /// libcrypto that breaks at run time would.
    @TaskLocal static var injectedFault: CryptoError?

    /// Runs `body`, latching a failure and returning `fallback` in its place.
    private static func admitted<T>(_ fallback: @autoclosure () -> T, _ body: () throws(CryptoError) -> T) -> T {
        do throws(CryptoError) {
            if let injectedFault { throw injectedFault }
            return try body()
        } catch {
            latch?.record(error)
            return fallback()
        }
    }

    /// Runs `body`; a failure is latched and answered TPM_RC_FAILURE.
    static func checked<T>(_ body: () throws(CryptoError) -> T) throws(TPMError) -> T {
        do throws(CryptoError) {
            if let injectedFault { throw injectedFault }
            return try body()
        } catch {
            latch?.record(error)
            throw TPMError(.failure)
        }
    }

    static func digest(_ alg: HashAlgorithm, _ data: [UInt8]) -> [UInt8] {
        admitted(zeros(alg.digestSize)) { () throws(CryptoError) in try Hash.digest(alg, data) }
    }

    /// The digest of the concatenation of `parts`.
    static func digest(_ alg: HashAlgorithm, _ parts: [[UInt8]]) -> [UInt8] {
        admitted(zeros(alg.digestSize)) { () throws(CryptoError) in try Hash.digest(alg, parts) }
    }

    /// HMAC-`alg` under `key` of the concatenation of `parts`.
    static func hmac(_ alg: HashAlgorithm, key: [UInt8], _ parts: [[UInt8]]) -> [UInt8] {
        admitted(zeros(alg.digestSize)) { () throws(CryptoError) in
            let context = try HMACContext(alg, key: key)
            for part in parts { context.update(part) }
            return context.finalize()
        }
    }

    static func kdfa(_ alg: HashAlgorithm, key: [UInt8], label: String, contextU: [UInt8], contextV: [UInt8], bits: Int)
        -> [UInt8]
    {
        admitted(zeros((bits + 7) / 8)) { () throws(CryptoError) in
            try KDF.kdfa(alg, key: key, label: label, contextU: contextU, contextV: contextV, bits: bits)
        }
    }

    static func kdfa(
        _ alg: HashAlgorithm, key: [UInt8], label: [UInt8], contextU: [UInt8], contextV: [UInt8], bits: Int
    ) -> [UInt8] {
        admitted(zeros((bits + 7) / 8)) { () throws(CryptoError) in
            try KDF.kdfa(alg, key: key, label: label, contextU: contextU, contextV: contextV, bits: bits)
        }
    }

    static func kdfe(_ alg: HashAlgorithm, z: [UInt8], label: String, partyU: [UInt8], partyV: [UInt8], bits: Int)
        -> [UInt8]
    {
        admitted(zeros((bits + 7) / 8)) { () throws(CryptoError) in
            try KDF.kdfe(alg, z: z, label: label, partyU: partyU, partyV: partyV, bits: bits)
        }
    }

    static func kdfe(_ alg: HashAlgorithm, z: [UInt8], label: [UInt8], partyU: [UInt8], partyV: [UInt8], bits: Int)
        -> [UInt8]
    {
        admitted(zeros((bits + 7) / 8)) { () throws(CryptoError) in
            try KDF.kdfe(alg, z: z, label: label, partyU: partyU, partyV: partyV, bits: bits)
        }
    }

    static func kdf2(_ alg: HashAlgorithm, seed: [UInt8], bytes count: Int) -> [UInt8] {
        admitted(zeros(count)) { () throws(CryptoError) in try KDF.kdf2(alg, seed: seed, bytes: count) }
    }

    /// An incremental digest (sequences, H-CRTM); TPM_RC_FAILURE when it cannot be made.
    static func hashContext(_ alg: HashAlgorithm) throws(TPMError) -> HashContext {
        try checked { () throws(CryptoError) in try HashContext(alg) }
    }

    /// An incremental HMAC (HMAC sequences); TPM_RC_FAILURE when it cannot be made.
    static func hmacContext(_ alg: HashAlgorithm, key: [UInt8]) throws(TPMError) -> HMACContext {
        try checked { () throws(CryptoError) in try HMACContext(alg, key: key) }
    }

    /// A curve's domain parameters; TPM_RC_FAILURE when this libcrypto lacks the curve.
    static func parameters(of curve: ECCCurve) throws(TPMError) -> ECCCurveParameters {
        try checked { () throws(CryptoError) in try curve.parameters }
    }

    private static func zeros(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: max(0, count)) }
}
