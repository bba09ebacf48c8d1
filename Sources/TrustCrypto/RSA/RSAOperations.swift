internal import COpenSSL

/// Padding and hash settings for one RSA operation; each case is one TPM scheme.
enum RSAPadding {
    /// The bare primitive (TPM_ALG_NULL for RSA_Encrypt / RSA_Decrypt).
    case none
    /// RSAES-PKCS1-v1_5 (TPM_ALG_RSAES).
    case pkcs1v15Encryption
    /// RSAES-OAEP with MGF1 over the same hash (TPM_ALG_OAEP); the label is used as given.
    case oaep(HashAlgorithm, label: [UInt8])
    /// RSASSA-PKCS1-v1_5 over a digest (TPM_ALG_RSASSA).
    case pkcs1v15Signature(HashAlgorithm)
    /// RSASSA-PKCS1-v1_5 block type 1 over a DigestInfo the caller encoded (see `RSASignatureEncoding`).
    case pkcs1v15DigestInfo
    /// RSASSA-PSS with MGF1 over the same hash (TPM_ALG_RSAPSS); `saltLength` may be an OpenSSL
    /// RSA_PSS_SALTLEN_* constant.
    case pss(HashAlgorithm, saltLength: Int32)
}

extension OpenSSLKey {
    func rsaEncrypt(_ input: [UInt8], _ padding: RSAPadding, outputLength: Int) throws(CryptoError) -> [UInt8] {
        let context = try PKeyContext(self)
        guard EVP_PKEY_encrypt_init(context.pointer) == 1 else { throw .openSSLFailure("EVP_PKEY_encrypt_init") }
        try context.configure(padding)
        var out = [UInt8](repeating: 0, count: outputLength)
        var length = out.count
        let ok = input.withUnsafeBufferPointer {
            EVP_PKEY_encrypt(context.pointer, &out, &length, $0.baseAddress, $0.count)
        }
        guard ok == 1 else { throw .openSSLFailure("EVP_PKEY_encrypt") }
        return Array(out.prefix(length))
    }

    /// Padding failures become `.decryptionFailed` with OpenSSL's reason discarded, so callers
    /// cannot tell which check failed (the Bleichenbacher / Manger oracle).
    func rsaDecrypt(_ input: [UInt8], _ padding: RSAPadding, outputLength: Int) throws(CryptoError) -> [UInt8] {
        let context = try PKeyContext(self)
        guard EVP_PKEY_decrypt_init(context.pointer) == 1 else { throw .openSSLFailure("EVP_PKEY_decrypt_init") }
        try context.configure(padding)
        var out = [UInt8](repeating: 0, count: outputLength)
        var length = out.count
        let ok = input.withUnsafeBufferPointer {
            EVP_PKEY_decrypt(context.pointer, &out, &length, $0.baseAddress, $0.count)
        }
        guard ok == 1 else {
            if case .none = padding { throw .openSSLFailure("EVP_PKEY_decrypt") }
            OpenSSLErrors.discard()
            throw .decryptionFailed
        }
        return Array(out.prefix(length))
    }

    func rsaSign(_ digest: [UInt8], _ padding: RSAPadding, outputLength: Int) throws(CryptoError) -> [UInt8] {
        let context = try PKeyContext(self)
        guard EVP_PKEY_sign_init(context.pointer) == 1 else { throw .openSSLFailure("EVP_PKEY_sign_init") }
        try context.configure(padding)
        var out = [UInt8](repeating: 0, count: outputLength)
        var length = out.count
        let ok = digest.withUnsafeBufferPointer {
            EVP_PKEY_sign(context.pointer, &out, &length, $0.baseAddress, $0.count)
        }
        guard ok == 1 else { throw .openSSLFailure("EVP_PKEY_sign") }
        return Array(out.prefix(length))
    }

    /// False for any failure: a bad signature is an answer, not an error.
    func rsaVerify(_ signature: [UInt8], digest: [UInt8], _ padding: RSAPadding) -> Bool {
        guard let context = try? PKeyContext(self), EVP_PKEY_verify_init(context.pointer) == 1,
            (try? context.configure(padding)) != nil
        else {
            OpenSSLErrors.discard()
            return false
        }
        let result = signature.withUnsafeBufferPointer { sig in
            digest.withUnsafeBufferPointer { md in
                EVP_PKEY_verify(context.pointer, sig.baseAddress, sig.count, md.baseAddress, md.count)
            }
        }
        if result != 1 { OpenSSLErrors.discard() }
        return result == 1
    }
}

extension PKeyContext {
    /// Applies `padding` to an initialised RSA operation. The padding mode goes first: OpenSSL
    /// accepts OAEP and PSS parameters only once that mode is set.
    func configure(_ padding: RSAPadding) throws(CryptoError) {
        switch padding {
        case .none:
            try check(EVP_PKEY_CTX_set_rsa_padding(pointer, RSA_NO_PADDING), "EVP_PKEY_CTX_set_rsa_padding")
        case .pkcs1v15Encryption:
            try check(EVP_PKEY_CTX_set_rsa_padding(pointer, RSA_PKCS1_PADDING), "EVP_PKEY_CTX_set_rsa_padding")
        case .oaep(let hash, let label):
            try check(EVP_PKEY_CTX_set_rsa_padding(pointer, RSA_PKCS1_OAEP_PADDING), "EVP_PKEY_CTX_set_rsa_padding")
            try check(EVP_PKEY_CTX_set_rsa_oaep_md(pointer, try hash.evpMD()), "EVP_PKEY_CTX_set_rsa_oaep_md")
            try check(EVP_PKEY_CTX_set_rsa_mgf1_md(pointer, try hash.evpMD()), "EVP_PKEY_CTX_set_rsa_mgf1_md")
            try setOAEPLabel(label)
        case .pkcs1v15DigestInfo:
            try check(EVP_PKEY_CTX_set_rsa_padding(pointer, RSA_PKCS1_PADDING), "EVP_PKEY_CTX_set_rsa_padding")
        case .pkcs1v15Signature(let hash):
            try check(EVP_PKEY_CTX_set_rsa_padding(pointer, RSA_PKCS1_PADDING), "EVP_PKEY_CTX_set_rsa_padding")
            try check(EVP_PKEY_CTX_set_signature_md(pointer, try hash.evpMD()), "EVP_PKEY_CTX_set_signature_md")
        case .pss(let hash, let saltLength):
            try check(EVP_PKEY_CTX_set_rsa_padding(pointer, RSA_PKCS1_PSS_PADDING), "EVP_PKEY_CTX_set_rsa_padding")
            try check(EVP_PKEY_CTX_set_signature_md(pointer, try hash.evpMD()), "EVP_PKEY_CTX_set_signature_md")
            try check(EVP_PKEY_CTX_set_rsa_mgf1_md(pointer, try hash.evpMD()), "EVP_PKEY_CTX_set_rsa_mgf1_md")
            try check(EVP_PKEY_CTX_set_rsa_pss_saltlen(pointer, saltLength), "EVP_PKEY_CTX_set_rsa_pss_saltlen")
        }
    }

    /// OpenSSL takes ownership of the label buffer, so it must come from OpenSSL's allocator;
    /// on failure it stays ours to free. An empty label is OpenSSL's default and needs no call.
    private func setOAEPLabel(_ label: [UInt8]) throws(CryptoError) {
        guard !label.isEmpty else { return }
        guard let length = Int32(exactly: label.count) else { throw .invalidInput("OAEP label too long") }
        guard let copy = CRYPTO_malloc(label.count, nil, 0) else { fatalError("CRYPTO_malloc: out of memory") }
        copy.copyMemory(from: label, byteCount: label.count)
        guard EVP_PKEY_CTX_set0_rsa_oaep_label(pointer, copy, length) == 1 else {
            CRYPTO_free(copy, nil, 0)
            throw .openSSLFailure("EVP_PKEY_CTX_set0_rsa_oaep_label")
        }
    }

    private func check(_ result: Int32, _ call: String) throws(CryptoError) {
        guard result > 0 else { throw .openSSLFailure(call) }
    }
}
