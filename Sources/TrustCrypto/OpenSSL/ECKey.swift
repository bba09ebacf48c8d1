internal import COpenSSL

/// Owns one `EC_KEY`, the object OpenSSL's ECDSA works on. Its group is a private copy; the key is
/// never modified after construction, so concurrent signing and verification are safe.
final class ECKey: @unchecked Sendable {
    // Safe: the EC_KEY is never modified after init; ECDSA_do_sign and ECDSA_do_verify only read it.
    let pointer: OpaquePointer
    let group: ECGroup

    init(group: ECGroup, publicPoint: ECPointBox, privateScalar: BigNumber?) throws(CryptoError) {
        guard let key = EC_KEY_new() else { fatalError("EC_KEY_new: out of memory") }
        pointer = key
        self.group = group
        guard EC_KEY_set_group(key, group.pointer) == 1, EC_KEY_set_public_key(key, publicPoint.pointer) == 1 else {
            throw .openSSLFailure("EC_KEY_set_public_key")
        }
        if let privateScalar, EC_KEY_set_private_key(key, privateScalar.pointer) != 1 {
            throw .openSSLFailure("EC_KEY_set_private_key")
        }
    }

    deinit {
        EC_KEY_free(pointer)
    }
}
