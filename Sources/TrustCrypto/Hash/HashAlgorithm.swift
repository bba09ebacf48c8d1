/// The hash algorithms a TPM 2.0 names with TPM_ALG_SHA1, _SHA256, _SHA384, _SHA512 and _SM3_256
/// (Part 2 §6.3).
public enum HashAlgorithm: Sendable, Hashable, CaseIterable {
    case sha1, sha256, sha384, sha512, sm3_256

    /// Output length in bytes; TPM2B_DIGEST sizes follow it.
    public var digestSize: Int {
        switch self {
        case .sha1: 20
        case .sha256, .sm3_256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// Input block length in bytes (the HMAC pad length, RFC 2104 §2).
    public var blockSize: Int {
        switch self {
        case .sha1, .sha256, .sm3_256: 64
        case .sha384, .sha512: 128
        }
    }

    /// The name OpenSSL's providers know the digest by.
    var openSSLName: String {
        switch self {
        case .sha1: "SHA1"
        case .sha256: "SHA256"
        case .sha384: "SHA384"
        case .sha512: "SHA512"
        case .sm3_256: "SM3"
        }
    }
}
