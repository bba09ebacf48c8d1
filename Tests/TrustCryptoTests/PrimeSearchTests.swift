internal import COpenSSL
import Testing

@testable import TrustCrypto

/// The prime search behind derived RSA keys, checked against known primes, known composites
/// that fool weaker tests, and OpenSSL's own primality test.
@Suite struct PrimeSearchTests {
    private func number(_ hex: String) -> BigNumber {
        var bytes: [UInt8] = []
        var digits = Array(hex.count % 2 == 1 ? "0" + hex : hex)
        while !digits.isEmpty {
            bytes.append(UInt8(String(digits.prefix(2)), radix: 16)!)
            digits.removeFirst(2)
        }
        return BigNumber(bytes: bytes)
    }

    private func mersenne(_ exponent: Int) throws -> BigNumber {
        let one = BigNumber(word: 1)
        let power = BigNumber()
        _ = BN_lshift(power.pointer, one.pointer, Int32(exponent))
        return try power.subtracting(one)
    }

    @Test("known primes pass: Mersenne primes 2^127−1 and 2^521−1, and the P-256 field prime")
    func primes() throws {
        let ctx = BigNumberContext()
        #expect(try PrimeSearch.isProbablePrime(mersenne(127), rounds: 5, ctx: ctx))
        #expect(try PrimeSearch.isProbablePrime(mersenne(521), rounds: 5, ctx: ctx))
        #expect(
            try PrimeSearch.isProbablePrime(
                number("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"), rounds: 5, ctx: ctx))
    }

    @Test("composites fail, including Carmichael numbers and strong pseudoprimes to small bases")
    func composites() throws {
        let ctx = BigNumberContext()
        // 561 and 41041 are Carmichael numbers; 3215031751 is a strong pseudoprime to bases 2, 3, 5 and 7;
        // 2^128 − 1 and 2^67 − 1 (= 193707721 · 761838257287) are composite Mersenne numbers.
        for value in [
            BigNumber(word: 561), BigNumber(word: 41041), BigNumber(word: 3_215_031_751),
            try mersenne(128), try mersenne(67),
        ] {
            #expect(try !PrimeSearch.isProbablePrime(value, rounds: 5, ctx: ctx))
        }
        // A product of two large primes.
        let product = try mersenne(127).multiplied(by: mersenne(89))
        #expect(try !PrimeSearch.isProbablePrime(product, rounds: 5, ctx: ctx))
    }

    @Test("the sieved search finds a prime OpenSSL agrees is prime, the first one in its window")
    func sieveAgreesWithOpenSSL() throws {
        let ctx = BigNumberContext()
        let stream = RSAFixtures.stream(seed: "prime search")
        for _ in 0..<4 {
            var start = stream(128)
            start[0] |= 0xC0
            start[127] |= 1
            let origin = BigNumber(bytes: start)
            guard
                let prime = try PrimeSearch.firstPrime(
                    from: origin, bits: 1024, ctx: ctx, accept: { _ throws(CryptoError) in true })
            else {
                Issue.record("no prime in a 4096-wide window: possible but about e^-11 unlikely")
                continue
            }
            #expect(BN_check_prime(prime.pointer, ctx.pointer, nil) == 1)
            #expect(prime.bitCount == 1024)
            // Every odd number between the start and the prime is composite by OpenSSL's test too.
            let gap = try prime.subtracting(origin)
            let steps = Int(BN_get_word(gap.pointer)) / 2
            for step in stride(from: 0, to: steps, by: 1) {
                let candidate = BigNumber()
                _ = BN_copy(candidate.pointer, origin.pointer)
                _ = BN_add_word(candidate.pointer, UInt(2 * step))
                #expect(BN_check_prime(candidate.pointer, ctx.pointer, nil) == 0)
            }
        }
    }
}
