internal import COpenSSL

/// Owns an `EVP_PKEY_CTX` for one operation on one key.
final class PKeyContext {
    let pointer: OpaquePointer

    init(_ key: OpenSSLKey) throws(CryptoError) {
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else {
            throw .openSSLFailure("EVP_PKEY_CTX_new_from_pkey")
        }
        pointer = ctx
    }

    init(keyType: StaticString) throws(CryptoError) {
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, keyType.cString, nil) else {
            throw .openSSLFailure("EVP_PKEY_CTX_new_from_name")
        }
        pointer = ctx
    }

    deinit {
        EVP_PKEY_CTX_free(pointer)
    }
}
