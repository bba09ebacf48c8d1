internal import COpenSSL

extension RSA {
    /// An RSA private key. The TPM keeps only one prime in its sensitive area
    /// (TPM2B_PRIVATE_KEY_RSA, Part 2); everything else is recomputed on load.
    public struct PrivateKey: Sendable {
        let key: OpenSSLKey
        public let publicKey: PublicKey
        /// The larger of the two primes, big-endian, exactly keyBits/16 bytes. Always the larger one,
        /// so every way of building the same key stores the same sensitive value.
        public let prime: [UInt8]

        init(key: OpenSSLKey, publicKey: PublicKey, prime: [UInt8]) {
            self.key = key
            self.publicKey = publicKey
            self.prime = prime
        }

        /// A fresh random key from OpenSSL's generator (FIPS 186-4 style, as OpenSSL 3 does it).
        /// `bits` is 1024, 2048, 3072 or 4096 (else `.unsupported`); `exponent` 0 means 65537.
        /// - Parameters:
        ///   - bits: the modulus size in bits (TPMI_RSA_KEY_BITS).
        ///   - exponent: the public exponent of TPMS_RSA_PARMS; 0 means 65537, anything else odd and above 1.
        /// - Returns: the new key pair.
        public static func generate(bits: Int, exponent: UInt32) throws(CryptoError) -> PrivateKey {
            guard RSA.creatableKeyBits.contains(bits) else { throw .unsupported("RSA-\(bits) keys") }
            let e = try RSA.normalizedExponent(exponent)
            let context = try PKeyContext(keyType: "RSA")
            let exponentNumber = BigNumber(word: UInt(e))
            var pkey: OpaquePointer?
            guard EVP_PKEY_keygen_init(context.pointer) == 1,
                EVP_PKEY_CTX_set_rsa_keygen_bits(context.pointer, Int32(bits)) == 1,
                EVP_PKEY_CTX_set1_rsa_keygen_pubexp(context.pointer, exponentNumber.pointer) == 1,
                EVP_PKEY_keygen(context.pointer, &pkey) == 1, let pkey
            else {
                throw .openSSLFailure("EVP_PKEY_keygen")
            }
            let key = OpenSSLKey(owning: pkey)
            let p = try key.bigNumber("rsa-factor1")
            let q = try key.bigNumber("rsa-factor2")
            let larger = q < p ? p : q
            let modulus = try key.bigNumber("n").bytes(padded: bits / 8)
            return PrivateKey(
                key: key, publicKey: PublicKey(modulus: modulus, exponent: e, key: key),
                prime: larger.bytes(padded: bits / 16))
        }

        /// Rebuilds the key from the public key and either prime, as TPM2_Load does: q = n / p must
        /// divide exactly, then d = e⁻¹ mod λ(n) and the CRT values. Throws `.invalidKey` otherwise.
        /// - Parameters:
        ///   - publicKey: the public half: the modulus (TPM2B_PUBLIC_KEY_RSA) and exponent.
        ///   - prime: either prime factor of the modulus, big-endian (TPM2B_PRIVATE_KEY_RSA); leading zeros allowed.
        public init(publicKey: PublicKey, prime: [UInt8]) throws(CryptoError) {
            let significant = Array(prime.drop { $0 == 0 })
            guard significant.count <= publicKey.modulus.count else {
                throw .invalidKey("the prime is longer than the modulus")
            }
            let n = BigNumber(bytes: publicKey.modulus)
            let p = BigNumber(bytes: significant)
            let one = BigNumber(word: 1)
            guard one < p, p < n else { throw .invalidKey("the prime is not between 1 and the modulus") }
            let (q, remainder) = try n.divided(by: p)
            guard remainder.isZero, one < q else { throw .invalidKey("the prime does not divide the modulus") }
            self = try RSAKeyBuilder.privateKey(p: p, q: q, exponent: publicKey.exponent, keyBits: publicKey.keyBits)
        }

        /// The `keyBits` key whose modulus is p·q, as a card imports a key given as its CRT
        /// components: the other private values are recomputed from the primes and `exponent`.
        /// Throws `.invalidKey` when the primes do not make a `keyBits` modulus, the exponent is
        /// even or below 3, or the key fails a pairwise test (a private operation undone by the
        /// public one): what a composite "prime" gives.
        /// - Parameters:
        ///   - p: one prime factor, big-endian; leading zero bytes are ignored.
        ///   - q: the other prime factor, big-endian; leading zero bytes are ignored.
        ///   - exponent: the public exponent, odd and at least 3 (no 0-means-65537 default here).
        ///   - keyBits: the modulus size in bits that p·q must fill.
        public init(p: [UInt8], q: [UInt8], exponent: UInt32, keyBits: Int) throws(CryptoError) {
            guard exponent >= 3, exponent % 2 == 1 else {
                throw .invalidKey("the public exponent \(exponent) is even or below 3")
            }
            let p = BigNumber(bytes: Array(p.drop { $0 == 0 }))
            let q = BigNumber(bytes: Array(q.drop { $0 == 0 }))
            let one = BigNumber(word: 1)
            guard one < p, one < q else { throw .invalidKey("a prime is 0 or 1") }
            self = try RSAKeyBuilder.privateKey(p: p, q: q, exponent: exponent, keyBits: keyBits)
            let probe = [0x00] + [UInt8](repeating: 0x5A, count: publicKey.modulus.count - 1)
            guard try publicKey.encryptRaw(try decryptRaw(probe)) == probe else {
                throw .invalidKey("the key fails the pairwise test: p or q is not prime")
            }
        }

        /// The smaller prime q and the CRT values (RFC 8017 §3.2: dP, dQ, qInv, with p = `prime`),
        /// big-endian, as a card imports a key and as tests build one to import.
        public var crtComponents: (q: [UInt8], dP: [UInt8], dQ: [UInt8], qInv: [UInt8]) {
            get throws(CryptoError) {
                let size = publicKey.modulus.count / 2
                return (
                    try key.bigNumber("rsa-factor2").bytes(padded: size),
                    try key.bigNumber("rsa-exponent1").bytes(padded: size),
                    try key.bigNumber("rsa-exponent2").bytes(padded: size),
                    try key.bigNumber("rsa-coefficient1").bytes(padded: size)
                )
            }
        }

        /// RSASSA-PKCS1-v1_5 signature (RFC 8017 §8.2.1) over a `hash` digest.
        /// - Parameters:
        ///   - digest: the digest to sign, exactly `hash.digestSize` bytes (`.wrongInputSize` otherwise).
        ///   - hash: the hash algorithm that made `digest`, named in the signed DigestInfo.
        /// - Returns: the signature, as long as the modulus.
        public func signPKCS1v15(digest: [UInt8], hash: HashAlgorithm) throws(CryptoError) -> [UInt8] {
            guard digest.count == hash.digestSize else {
                throw .wrongInputSize(expected: hash.digestSize, got: digest.count)
            }
            guard RSASignatureEncoding.providerAccepts(hash) else {
                let info = try RSASignatureEncoding.digestInfo(digest, hash: hash)
                return try key.rsaSign(info, .pkcs1v15DigestInfo, outputLength: publicKey.modulus.count)
            }
            return try key.rsaSign(digest, .pkcs1v15Signature(hash), outputLength: publicKey.modulus.count)
        }

        /// RSASSA-PSS signature (RFC 8017 §8.1.1), MGF1 over `hash`. The salt is as long as the digest
        /// (Part 1 Annex B), shortened only when the key is too small to hold that much: at most
        /// emLen − hLen − 2 bytes, as ms-tpm-20-ref does (relevant for RSA-1024 with SHA-512).
        /// - Parameters:
        ///   - digest: the digest to sign, exactly `hash.digestSize` bytes (`.wrongInputSize` otherwise).
        ///   - hash: the hash algorithm that made `digest`, also the MGF1 hash.
        /// - Returns: the signature, as long as the modulus.
        public func signPSS(digest: [UInt8], hash: HashAlgorithm) throws(CryptoError) -> [UInt8] {
            guard digest.count == hash.digestSize else {
                throw .wrongInputSize(expected: hash.digestSize, got: digest.count)
            }
            let modulusBits = BigNumber(bytes: publicKey.modulus).bitCount
            let encodedLength = (modulusBits - 1 + 7) / 8
            let salt = min(hash.digestSize, encodedLength - hash.digestSize - 2)
            guard salt >= 0 else { throw .unsupported("PSS with \(hash) under a \(modulusBits)-bit key") }
            guard RSASignatureEncoding.providerAccepts(hash) else {
                let encoded = try RSASignatureEncoding.pssEncode(
                    digest, hash: hash, saltLength: Int32(salt), publicKey: publicKey)
                return try key.rsaDecrypt(encoded, .none, outputLength: publicKey.modulus.count)
            }
            return try key.rsaSign(digest, .pss(hash, saltLength: Int32(salt)), outputLength: publicKey.modulus.count)
        }

        /// RSAES-OAEP decryption (RFC 8017 §7.1.2), MGF1 over `hash`, `label` used as given.
        /// Every padding or label mismatch is the same `.decryptionFailed`.
        /// - Parameters:
        ///   - c: the ciphertext, big-endian, numerically below the modulus.
        ///   - hash: the OAEP and MGF1 hash algorithm.
        ///   - label: the OAEP label, exactly as the encryptor used it (with any terminating 0).
        /// - Returns: the recovered message.
        public func decryptOAEP(_ c: [UInt8], hash: HashAlgorithm, label: [UInt8]) throws(CryptoError) -> [UInt8] {
            let input = try RSA.integerBelowModulus(c, modulus: publicKey.modulus)
            return try key.rsaDecrypt(input, .oaep(hash, label: label), outputLength: publicKey.modulus.count)
        }

        /// RSAES-PKCS1-v1_5 decryption (RFC 8017 §7.2.2); padding failures are `.decryptionFailed`.
        /// - Parameter c: the ciphertext, big-endian, numerically below the modulus.
        /// - Returns: the recovered message.
        public func decryptPKCS1v15(_ c: [UInt8]) throws(CryptoError) -> [UInt8] {
            let input = try RSA.integerBelowModulus(c, modulus: publicKey.modulus)
            return try key.rsaDecrypt(input, .pkcs1v15Encryption, outputLength: publicKey.modulus.count)
        }

        /// RSADP (RFC 8017 §5.1.2): c^d mod n for c < n; output exactly keyBits/8 bytes.
        /// - Parameter c: the integer c, big-endian, below the modulus (leading zeros allowed).
        /// - Returns: c^d mod n, left-padded to the modulus length.
        public func decryptRaw(_ c: [UInt8]) throws(CryptoError) -> [UInt8] {
            let input = try RSA.integerBelowModulus(c, modulus: publicKey.modulus)
            let m = try key.rsaDecrypt(input, .none, outputLength: publicKey.modulus.count)
            return RSA.leftPadded(m, to: publicKey.modulus.count) ?? m
        }
    }
}
