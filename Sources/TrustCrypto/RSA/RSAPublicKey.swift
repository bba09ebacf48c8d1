internal import COpenSSL

extension RSA {
    /// An RSA public key as a TPM holds it: TPM2B_PUBLIC_KEY_RSA plus the exponent of TPMS_RSA_PARMS.
    public struct PublicKey: Sendable, Equatable {
        /// Big-endian modulus, exactly `keyBits / 8` bytes (leading zero bytes removed on init).
        public let modulus: [UInt8]
        /// The public exponent; 65537 when the TPM template said 0.
        public let exponent: UInt32
        let key: OpenSSLKey

        /// Validates and loads a public key. Throws `.invalidKey` for a modulus that is even or
        /// outside 512...16384 bits, or for an exponent that is even or 1.
        /// - Parameters:
        ///   - modulus: the big-endian modulus n (TPM2B_PUBLIC_KEY_RSA); leading zero bytes are dropped.
        ///   - exponent: the public exponent of TPMS_RSA_PARMS; 0 means 65537.
        public init(modulus: [UInt8], exponent: UInt32) throws(CryptoError) {
            let n = Array(modulus.drop { $0 == 0 })
            // OpenSSL refuses moduli above 16384 bits; below 512 bits is no key at all.
            guard (64...2048).contains(n.count) else {
                throw .invalidKey("RSA modulus of \(n.count * 8) bits is outside 512...16384")
            }
            guard let last = n.last, last & 1 == 1 else { throw .invalidKey("RSA modulus is even") }
            let e = try RSA.normalizedExponent(exponent)
            let key = try OpenSSLKey.fromData(type: "RSA", selection: OpenSSLKey.publicSelection) {
                builder throws(CryptoError) in
                try builder.push("n", BigNumber(bytes: n))
                try builder.push("e", BigNumber(word: UInt(e)))
            }
            self.init(modulus: n, exponent: e, key: key)
        }

        /// For private keys, which share their `EVP_PKEY` with the public half.
        init(modulus: [UInt8], exponent: UInt32, key: OpenSSLKey) {
            self.modulus = modulus
            self.exponent = exponent
            self.key = key
        }

        /// The TPM's keyBits: the modulus length in bytes times 8.
        public var keyBits: Int { modulus.count * 8 }

        public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
            lhs.modulus == rhs.modulus && lhs.exponent == rhs.exponent
        }

        /// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of a signature over `digest`, which must
        /// be a `hash` digest. Signatures shorter than the modulus are refused, as the TPM refuses them.
        /// - Parameters:
        ///   - sig: the signature, exactly as long as the modulus.
        ///   - digest: the digest that was signed, `hash.digestSize` bytes.
        ///   - hash: the hash algorithm that made `digest`.
        /// - Returns: true when the signature verifies; false for a wrong size or a bad signature.
        public func isValidPKCS1v15Signature(_ sig: [UInt8], digest: [UInt8], hash: HashAlgorithm) -> Bool {
            guard digest.count == hash.digestSize, sig.count == modulus.count else { return false }
            guard RSASignatureEncoding.providerAccepts(hash) else {
                guard let info = try? RSASignatureEncoding.digestInfo(digest, hash: hash) else { return false }
                return key.rsaVerify(sig, digest: info, .pkcs1v15DigestInfo)
            }
            return key.rsaVerify(sig, digest: digest, .pkcs1v15Signature(hash))
        }

        /// RSASSA-PSS verification (RFC 8017 §8.1.2) with MGF1 over `hash`, accepting any salt length,
        /// since RFC 8017 §9.1 lets the signer choose it.
        /// - Parameters:
        ///   - sig: the signature, exactly as long as the modulus.
        ///   - digest: the digest that was signed, `hash.digestSize` bytes.
        ///   - hash: the hash algorithm that made `digest`, also the MGF1 hash.
        /// - Returns: true when the signature verifies; false for a wrong size or a bad signature.
        public func isValidPSSSignature(_ sig: [UInt8], digest: [UInt8], hash: HashAlgorithm) -> Bool {
            guard digest.count == hash.digestSize, sig.count == modulus.count else { return false }
            guard RSASignatureEncoding.providerAccepts(hash) else {
                guard let encoded = try? key.rsaEncrypt(sig, .none, outputLength: modulus.count) else {
                    OpenSSLErrors.discard()
                    return false
                }
                return RSASignatureEncoding.pssVerify(encoded, digest: digest, hash: hash, publicKey: self)
            }
            return key.rsaVerify(sig, digest: digest, .pss(hash, saltLength: RSA_PSS_SALTLEN_AUTO))
        }

        /// RSAES-OAEP encryption (RFC 8017 §7.1.1), MGF1 over `hash`. `label` is used as given: TPM
        /// callers append the terminating 0 of labels such as "DUPLICATE\0" themselves.
        /// Throws `.invalidInput` when `msg` exceeds k − 2·hLen − 2 bytes.
        /// - Parameters:
        ///   - msg: the message to encrypt, at most k − 2·hLen − 2 bytes.
        ///   - hash: the OAEP and MGF1 hash algorithm.
        ///   - label: the OAEP label, exactly as it is to be hashed.
        /// - Returns: the ciphertext, as long as the modulus.
        public func encryptOAEP(_ msg: [UInt8], hash: HashAlgorithm, label: [UInt8]) throws(CryptoError) -> [UInt8] {
            let capacity = modulus.count - 2 * hash.digestSize - 2
            guard msg.count <= capacity else {
                throw .invalidInput(
                    "OAEP with \(hash) carries at most \(max(capacity, 0)) bytes under this key; got \(msg.count)")
            }
            return try key.rsaEncrypt(msg, .oaep(hash, label: label), outputLength: modulus.count)
        }

        /// RSAES-PKCS1-v1_5 encryption (RFC 8017 §7.2.1); `msg` at most k − 11 bytes.
        /// - Parameter msg: the message to encrypt, at most k − 11 bytes (`.invalidInput` beyond).
        /// - Returns: the ciphertext, as long as the modulus.
        public func encryptPKCS1v15(_ msg: [UInt8]) throws(CryptoError) -> [UInt8] {
            let capacity = modulus.count - 11
            guard msg.count <= capacity else {
                throw .invalidInput("PKCS#1 v1.5 carries at most \(capacity) bytes under this key; got \(msg.count)")
            }
            return try key.rsaEncrypt(msg, .pkcs1v15Encryption, outputLength: modulus.count)
        }

        /// RSAEP (RFC 8017 §5.1.1): m^e mod n for m < n, left-padded to the key size.
        /// - Parameter msg: the integer m, big-endian, below the modulus (leading zeros allowed).
        /// - Returns: m^e mod n as modulus-length bytes.
        public func encryptRaw(_ msg: [UInt8]) throws(CryptoError) -> [UInt8] {
            let m = try RSA.integerBelowModulus(msg, modulus: modulus)
            return try key.rsaEncrypt(m, .none, outputLength: modulus.count)
        }

        /// SubjectPublicKeyInfo PEM, for handing keys to other tools.
        /// - Returns: the key as a PEM "PUBLIC KEY" (SubjectPublicKeyInfo) block.
        public func pem() throws(CryptoError) -> String {
            try key.publicKeyPEM()
        }
    }
}
