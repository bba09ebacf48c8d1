import TPMTypes
import TrustCrypto

/// The HMACs that prove knowledge of an authValue (Part 1 §19.6.5; the reference's ComputeCommandHMAC
/// and ComputeResponseHMAC):
///   command:  HMAC(sessionKey || authValue, cpHash || nonceCaller || nonceTPM [|| nonceTPM_dec] [|| nonceTPM_enc] || attrs)
///   response: HMAC(sessionKey || authValue, rpHash || nonceTPM' || nonceCaller || attrs)
enum SessionHMAC {
    /// cpHash = H(commandCode || Name1 || Name2 || ... || parameters as received).
    static func cpHash(_ hash: HashAlgorithm, code: TPMCommandCode, names: [[UInt8]], parameters: [UInt8]) -> [UInt8] {
        EngineCrypto.digest(hash, [code.rawValue.bigEndianBytes] + names + [parameters])
    }

    /// rpHash = H(TPM_RC_SUCCESS || commandCode || parameters as sent).
    static func rpHash(_ hash: HashAlgorithm, code: TPMCommandCode, parameters: [UInt8]) -> [UInt8] {
        EngineCrypto.digest(hash, [[0, 0, 0, 0], code.rawValue.bigEndianBytes, parameters])
    }

    static func command(
        session: AuthSession, key: [UInt8], cpHash: [UInt8], nonceCaller: [UInt8],
        extraNonces: [[UInt8]], attributes: UInt8
    ) -> [UInt8] {
        EngineCrypto.hmac(
            session.hash, key: key, [cpHash, nonceCaller, session.nonceTPM] + extraNonces + [[attributes]])
    }

    static func response(session: AuthSession, key: [UInt8], rpHash: [UInt8], nonceCaller: [UInt8], attributes: UInt8)
        -> [UInt8]
    {
        EngineCrypto.hmac(session.hash, key: key, [rpHash, session.nonceTPM, nonceCaller, [attributes]])
    }
}

/// Trailing zero octets are not part of an authValue (as the reference implementation's
/// MemoryRemoveTrailingZeros strips them when an authValue is set and when a password is compared).
func trimmedAuth(_ auth: [UInt8]) -> [UInt8] {
    var end = auth.count
    while end > 0 && auth[end - 1] == 0 { end -= 1 }
    return Array(auth[0..<end])
}
