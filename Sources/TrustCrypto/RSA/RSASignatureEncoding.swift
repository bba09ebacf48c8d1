internal import COpenSSL

/// OpenSSL 3.0's RSA signature provider accepts only digests on its own list, which lacks SM3
/// ("digest not allowed"). For such digests the encoding step runs through OpenSSL's lower layers
/// instead, and the RSA operation itself through the unpadded primitive:
/// - RSASSA-PKCS1-v1_5: OpenSSL pads a DigestInfo we supply (RFC 8017 §9.2 step 2; the SM3 OID is
///   1.2.156.10197.1.401, as in the TCG Algorithm Registry).
/// - RSASSA-PSS: OpenSSL's EMSA-PSS encoder and checker (RSA_padding_add_PKCS1_PSS_mgf1,
///   RSA_verify_PKCS1_PSS_mgf1) around the bare RSA primitive.
enum RSASignatureEncoding {
    /// True for digests the signature provider takes directly.
    static func providerAccepts(_ hash: HashAlgorithm) -> Bool {
        hash != .sm3_256
    }

    /// DER DigestInfo prefix for SM3-256: SEQUENCE { SEQUENCE { OID sm3, NULL }, OCTET STRING (32) }.
    private static let sm3DigestInfoPrefix: [UInt8] = [
        0x30, 0x30, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x11, 0x05, 0x00, 0x04, 0x20,
    ]

    /// The DigestInfo that RSASSA-PKCS1-v1_5 signs, for digests the provider refuses.
    static func digestInfo(_ digest: [UInt8], hash: HashAlgorithm) throws(CryptoError) -> [UInt8] {
        guard hash == .sm3_256 else { throw .unsupported("a DigestInfo for \(hash)") }
        return sm3DigestInfoPrefix + digest
    }

    /// EMSA-PSS-ENCODE (RFC 8017 §9.1.1) of a digest into a modulus-sized block.
    static func pssEncode(
        _ digest: [UInt8], hash: HashAlgorithm, saltLength: Int32,
        publicKey: RSA.PublicKey
    ) throws(CryptoError) -> [UInt8] {
        let rsa = try LegacyRSAPublic(publicKey)
        let md = try hash.evpMD()
        var encoded = [UInt8](repeating: 0, count: publicKey.modulus.count)
        let ok = RSA_padding_add_PKCS1_PSS_mgf1(rsa.pointer, &encoded, digest, md, md, saltLength)
        guard ok == 1 else { throw .openSSLFailure("RSA_padding_add_PKCS1_PSS_mgf1") }
        return encoded
    }

    /// EMSA-PSS-VERIFY (RFC 8017 §9.1.2) of a recovered block, any salt length.
    static func pssVerify(_ encoded: [UInt8], digest: [UInt8], hash: HashAlgorithm, publicKey: RSA.PublicKey) -> Bool {
        guard encoded.count == publicKey.modulus.count, let rsa = try? LegacyRSAPublic(publicKey),
            let md = try? hash.evpMD()
        else { return false }
        let ok = RSA_verify_PKCS1_PSS_mgf1(rsa.pointer, digest, md, md, encoded, RSA_PSS_SALTLEN_AUTO)
        if ok != 1 { OpenSSLErrors.discard() }
        return ok == 1
    }
}

/// Owns a legacy `RSA` holding only n and e: the PSS encoder needs one to learn the modulus size.
private final class LegacyRSAPublic {
    let pointer: OpaquePointer

    init(_ key: RSA.PublicKey) throws(CryptoError) {
        guard let rsa = RSA_new() else { fatalError("RSA_new: out of memory") }
        pointer = rsa
        let n = BN_bin2bn(key.modulus, Int32(key.modulus.count), nil)
        let e = BN_new()
        guard let n, let e, BN_set_word(e, numericCast(key.exponent)) == 1, RSA_set0_key(rsa, n, e, nil) == 1 else {
            BN_free(n)
            BN_free(e)
            throw .openSSLFailure("RSA_set0_key")
        }
    }

    deinit {
        RSA_free(pointer)
    }
}
