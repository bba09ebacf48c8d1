internal import COpenSSL

/// The prime search behind derived RSA keys (Part 1 lets a TPM choose its prime derivation,
/// which is why it is written here rather than taken from OpenSSL): from a start drawn from
/// the key stream, sieve a window of odd numbers by the small primes, then run Miller-Rabin on
/// each survivor in turn. Sieving first is what makes it fast: only about one survivor in
/// twenty is composite-but-unsieved at 1024 bits, so each prime costs a few dozen modular
/// exponentiations instead of the hundreds a draw-and-test loop spends.
enum PrimeSearch {
    /// Odd primes below 2^15, the sieve's divisors.
    static let smallPrimes: [UInt32] = {
        let limit = 1 << 15
        var composite = [Bool](repeating: false, count: limit)
        var primes: [UInt32] = []
        for n in 3..<limit where !composite[n] && n % 2 == 1 {
            primes.append(UInt32(n))
            var multiple = n * n
            while multiple < limit {
                composite[multiple] = true
                multiple += 2 * n
            }
        }
        return primes
    }()

    /// Odd candidates examined per window (start, start + 2, …).
    static let window = 4096

    /// Miller-Rabin rounds for a random candidate of `bits` bits, at or above FIPS 186-4
    /// Table C.3 (error below 2^-100 for 512- and 1024-bit primes, 2^-112 for larger).
    static func rounds(bits: Int) -> Int { bits <= 512 ? 7 : bits <= 1024 ? 5 : 4 }

    /// The first probable prime p in the window from `start` (odd, `bits` bits) for which
    /// `accept(p)` holds; nil when the window has none.
    static func firstPrime(
        from start: BigNumber, bits: Int, ctx: BigNumberContext,
        accept: (BigNumber) throws(CryptoError) -> Bool
    ) throws(CryptoError) -> BigNumber? {
        // sieve[j] is true when start + 2j has a small factor.
        var sieve = [Bool](repeating: false, count: window)
        for prime in smallPrimes {
            let p = Int(prime)
            let residue = Int(BN_mod_word(start.pointer, UInt(prime)))
            // start + 2j ≡ 0 (mod p)  ⇔  j ≡ (p − residue) · 2⁻¹ (mod p), and 2⁻¹ = (p + 1) / 2.
            var j = ((p - residue) % p) * ((p + 1) / 2) % p
            while j < window {
                sieve[j] = true
                j += p
            }
        }
        let rounds = rounds(bits: bits)
        for j in 0..<window where !sieve[j] {
            let candidate = BigNumber()
            guard BN_copy(candidate.pointer, start.pointer) != nil, BN_add_word(candidate.pointer, UInt(2 * j)) == 1
            else {
                throw .openSSLFailure("BN_add_word")
            }
            guard candidate.bitCount == bits else { return nil }
            guard try isProbablePrime(candidate, rounds: rounds, ctx: ctx), try accept(candidate) else { continue }
            return candidate
        }
        return nil
    }

    /// Miller-Rabin with `rounds` bases: 2 first (a word-sized base makes the round that
    /// rejects nearly every composite about twice as fast), then bases derived from SHA-256 of
    /// the candidate and the round number, so the answer (and hence the derived key) is the
    /// same on every run.
    static func isProbablePrime(_ n: BigNumber, rounds: Int, ctx: BigNumberContext) throws(CryptoError) -> Bool {
        let one = BigNumber(word: 1)
        let nMinusOne = try n.subtracting(one)
        let nMinusThree = try n.subtracting(BigNumber(word: 3))
        var shift: Int32 = 0
        while BN_is_bit_set(nMinusOne.pointer, shift) == 0 { shift += 1 }
        let odd = BigNumber()
        guard BN_rshift(odd.pointer, nMinusOne.pointer, shift) == 1 else { throw .openSSLFailure("BN_rshift") }
        guard let montgomery = BN_MONT_CTX_new() else { throw .openSSLFailure("BN_MONT_CTX_new") }
        defer { BN_MONT_CTX_free(montgomery) }
        guard BN_MONT_CTX_set(montgomery, n.pointer, ctx.pointer) == 1 else { throw .openSSLFailure("BN_MONT_CTX_set") }

        let nBytes = n.minimalBytes
        for round in 0..<rounds {
            let x = BigNumber()
            if round == 0 {
                guard BN_mod_exp_mont_word(x.pointer, 2, odd.pointer, n.pointer, ctx.pointer, montgomery) == 1 else {
                    throw .openSSLFailure("BN_mod_exp_mont_word")
                }
            } else {
                // Base in [2, n − 2].
                let digest = try Hash.digest(.sha256, nBytes + [UInt8(truncatingIfNeeded: round)])
                let base = try BigNumber(bytes: digest).divided(by: nMinusThree).remainder.adding(BigNumber(word: 2))
                guard BN_mod_exp_mont(x.pointer, base.pointer, odd.pointer, n.pointer, ctx.pointer, montgomery) == 1
                else {
                    throw .openSSLFailure("BN_mod_exp_mont")
                }
            }
            if x == one || x == nMinusOne { continue }
            var isWitness = true
            for _ in 1..<max(1, Int(shift)) {
                guard BN_mod_sqr(x.pointer, x.pointer, n.pointer, ctx.pointer) == 1 else {
                    throw .openSSLFailure("BN_mod_sqr")
                }
                if x == nMinusOne {
                    isWitness = false
                    break
                }
                if x == one { return false }
            }
            if isWitness { return false }
        }
        return true
    }
}
