internal import COpenSSL

/// Owns one `EVP_PKEY`. OpenSSL allows concurrent use of a key as long as each operation has its
/// own `EVP_PKEY_CTX` (as `PKeyContext` ensures) and nobody modifies the key, so sharing is safe.
final class OpenSSLKey: @unchecked Sendable {
    // Safe: the EVP_PKEY is never modified after init, and every operation has its own EVP_PKEY_CTX (PKeyContext).
    let pointer: OpaquePointer

    init(owning pkey: OpaquePointer) {
        pointer = pkey
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Selections for `EVP_PKEY_fromdata` (the header's composite macros do not import into Swift).
    static let publicSelection =
        OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS
        | OSSL_KEYMGMT_SELECT_PUBLIC_KEY
    static let keyPairSelection = publicSelection | OSSL_KEYMGMT_SELECT_PRIVATE_KEY

    /// Builds a key of `type` ("RSA", "EC", "SM2") from the parameters `build` pushes.
    static func fromData(
        type: StaticString, selection: Int32,
        _ build: (ParamBuilder) throws(CryptoError) -> Void
    ) throws(CryptoError) -> OpenSSLKey {
        let builder = ParamBuilder()
        try build(builder)
        let params = try builder.parameters()
        defer { OSSL_PARAM_free(params) }
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, type.cString, nil) else {
            throw .openSSLFailure("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_fromdata_init(ctx) == 1, EVP_PKEY_fromdata(ctx, &pkey, selection, params) == 1,
            let pkey
        else {
            throw .openSSLFailure("EVP_PKEY_fromdata")
        }
        return OpenSSLKey(owning: pkey)
    }

    /// A big-number component such as "n" or "rsa-factor1".
    func bigNumber(_ name: StaticString) throws(CryptoError) -> BigNumber {
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pointer, name.cString, &bn) == 1, let bn else {
            throw .openSSLFailure("EVP_PKEY_get_bn_param(\(name))")
        }
        return BigNumber(owning: bn)
    }

    /// The SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) in PEM armour.
    func publicKeyPEM() throws(CryptoError) -> String {
        let bio = try MemoryBIO()
        guard PEM_write_bio_PUBKEY(bio.pointer, pointer) == 1 else {
            throw .openSSLFailure("PEM_write_bio_PUBKEY")
        }
        return try bio.contents()
    }
}
