internal import COpenSSL

extension RSA.PrivateKey {
    /// Candidates drawn per key bit before giving up. A random odd `bits/2`-bit number is prime
    /// with probability about 2/ln(2^(bits/2)), so a 2048-bit key needs ~710 draws on average;
    /// 20·bits (40 960) draws fail only for a stream that is not random, with chance below e^-50.
    private static let drawsPerKeyBit = 20

    /// A deterministic key from a byte stream, so a primary key is the same every time its seed and
    /// template are (Part 1 requires primary keys to be reproducible; this derivation is ours).
    ///
    /// Draws candidate primes p, then q, each `bits/16` bytes from `stream(bits/16)`: sets the two top
    /// bits (so p·q has exactly `bits` bits) and the low bit; rejects a candidate when gcd(e, c−1) ≠ 1,
    /// when it is not prime (BN_check_prime: trial division, then Miller-Rabin at the rounds FIPS
    /// 186-4 Table C.3 asks for), or, for q, when |p − q| < 2^(bits/2 − 99), a little stricter than
    /// FIPS 186-4 B.3.3 step 5.4's 2^(bits/2 − 100). Same stream, same key. Throws `.invalidInput` if the stream returns the wrong
    /// count or no pair is found within 20·bits draws.
    public static func derive(bits: Int, exponent: UInt32, stream: (Int) -> [UInt8]) throws(CryptoError) -> RSA.PrivateKey {
        guard RSA.creatableKeyBits.contains(bits) else { throw .unsupported("RSA-\(bits) keys") }
        let e = try RSA.normalizedExponent(exponent)
        let eNumber = BigNumber(word: UInt(e))
        let primeBytes = bits / 16
        let ctx = BigNumberContext()
        let maxDraws = drawsPerKeyBit * bits
        var draws = 0

        func nextPrime(apartFrom other: BigNumber?) throws(CryptoError) -> BigNumber {
            while draws < maxDraws {
                draws += 1
                var candidate = stream(primeBytes)
                guard candidate.count == primeBytes else {
                    throw .invalidInput("key stream returned \(candidate.count) bytes; \(primeBytes) were asked for")
                }
                candidate[0] |= 0xC0
                candidate[primeBytes - 1] |= 0x01
                let c = BigNumber(bytes: candidate)
                if let other, try !farApart(c, other, minimumBits: bits / 2 - 99) { continue }
                guard try isCoprime(eNumber, minusOne(c), ctx) else { continue }
                switch BN_check_prime(c.pointer, ctx.pointer, nil) {
                case 1: return c
                case 0: continue
                default: throw .openSSLFailure("BN_check_prime")
                }
            }
            throw .invalidInput("no RSA-\(bits) prime pair in \(maxDraws) candidates; the key stream is not random")
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
