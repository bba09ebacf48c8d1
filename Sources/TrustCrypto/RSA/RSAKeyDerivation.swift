internal import COpenSSL

extension RSA.PrivateKey {
    /// Sieve windows tried per prime before giving up. A window of 4096 odd numbers near 2^1024
    /// holds about eleven primes, so 64 empty windows mean the stream is not random.
    private static let windowsPerPrime = 64

    /// A deterministic key from a byte stream, so a primary key is the same every time its seed and
    /// template are (Part 1 requires primary keys to be reproducible; this derivation is ours).
    ///
    /// For p, then q: draws a `bits/16`-byte start from `stream`, sets its two top bits (so p·q has
    /// exactly `bits` bits) and its low bit, and takes the first number of the sieved window from
    /// there (`PrimeSearch`) that passes Miller-Rabin at FIPS 186-4 Table C.3's rounds, then has
    /// gcd(e, c − 1) = 1 and, for q, |p − q| > 2^(bits/2 − 99) (a little stricter than FIPS 186-4
    /// B.3.3 step 5.4). A window without one makes it draw a new start. Same stream, same key.
    /// Throws `.invalidInput` if the stream returns the wrong count or 64 windows hold no prime.
    /// - Parameters:
    ///   - bits: the modulus size in bits: 1024, 2048, 3072 or 4096 (`.unsupported` otherwise).
    ///   - exponent: the public exponent of TPMS_RSA_PARMS; 0 means 65537.
    ///   - stream: returns the number of key-stream bytes asked for (e.g. KDFa output), `bits/16` per call.
    /// - Returns: the derived key, its `prime` the larger of p and q.
    public static func derive(bits: Int, exponent: UInt32, stream: (Int) -> [UInt8]) throws(CryptoError)
        -> RSA.PrivateKey
    {
        guard RSA.creatableKeyBits.contains(bits) else { throw .unsupported("RSA-\(bits) keys") }
        let e = try RSA.normalizedExponent(exponent)
        let eNumber = BigNumber(word: UInt(e))
        let primeBytes = bits / 16
        let ctx = BigNumberContext()

        func nextPrime(apartFrom other: BigNumber?) throws(CryptoError) -> BigNumber {
            for _ in 0..<windowsPerPrime {
                var start = stream(primeBytes)
                guard start.count == primeBytes else {
                    throw .invalidInput("key stream returned \(start.count) bytes; \(primeBytes) were asked for")
                }
                start[0] |= 0xC0
                start[primeBytes - 1] |= 0x01
                let found = try PrimeSearch.firstPrime(from: BigNumber(bytes: start), bits: bits / 2, ctx: ctx) {
                    (candidate: BigNumber) throws(CryptoError) -> Bool in
                    if let other, try !farApart(candidate, other, minimumBits: bits / 2 - 99) { return false }
                    return try isCoprime(eNumber, minusOne(candidate), ctx)
                }
                if let found { return found }
            }
            throw .invalidInput(
                "no RSA-\(bits) prime in \(windowsPerPrime) sieve windows; the key stream is not random")
        }

        let p = try nextPrime(apartFrom: nil)
        let q = try nextPrime(apartFrom: p)
        return try RSAKeyBuilder.privateKey(p: p, q: q, exponent: e, keyBits: bits)
    }

    private static func minusOne(_ value: BigNumber) throws(CryptoError) -> BigNumber {
        try value.subtracting(BigNumber(word: 1))
    }

    private static func isCoprime(_ a: BigNumber, _ b: BigNumber, _ ctx: BigNumberContext) throws(CryptoError) -> Bool {
        let gcd = BigNumber()
        guard BN_gcd(gcd.pointer, a.pointer, b.pointer, ctx.pointer) == 1 else { throw .openSSLFailure("BN_gcd") }
        return BN_is_one(gcd.pointer) == 1
    }

    /// |a − b| has more than `minimumBits` bits (BN_num_bits ignores the sign).
    private static func farApart(_ a: BigNumber, _ b: BigNumber, minimumBits: Int) throws(CryptoError) -> Bool {
        try a.subtracting(b).bitCount > minimumBits
    }
}
