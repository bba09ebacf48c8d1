internal import COpenSSL

/// Owns one OpenSSL `BIGNUM`. Values may be secret (private exponents, primes, scalars), so the
/// memory is cleared on release.
final class BigNumber: Comparable {
    let pointer: OpaquePointer

    init() {
        guard let bn = BN_new() else { fatalError("BN_new: out of memory") }
        pointer = bn
    }

    /// Takes ownership of a `BIGNUM` OpenSSL allocated for us.
    init(owning bn: OpaquePointer) {
        pointer = bn
    }

    /// Big-endian unsigned bytes. Callers bound the length first (TPM buffers are at most a few
    /// kilobytes), so the `Int32` length OpenSSL wants cannot overflow.
    convenience init(bytes: [UInt8]) {
        self.init()
        let count = Int32(clamping: bytes.count)
        bytes.withUnsafeBufferPointer { _ = BN_bin2bn($0.baseAddress, count, pointer) }
    }

    convenience init(word: UInt) {
        self.init()
        BN_set_word(pointer, numericCast(word))
    }

    deinit {
        BN_clear_free(pointer)
    }

    var bitCount: Int { Int(BN_num_bits(pointer)) }
    var byteCount: Int { (bitCount + 7) / 8 }
    var isZero: Bool { BN_is_zero(pointer) == 1 }

    /// Big-endian bytes left-padded to `length`; the caller guarantees the value fits.
    func bytes(padded length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        let written = BN_bn2binpad(pointer, &out, Int32(clamping: length))
        precondition(written == length, "BigNumber does not fit in \(length) bytes")
        return out
    }

    /// Big-endian bytes without leading zeros (empty for zero).
    var minimalBytes: [UInt8] { bytes(padded: byteCount) }

    func adding(_ other: BigNumber) throws(CryptoError) -> BigNumber {
        let result = BigNumber()
        guard BN_add(result.pointer, pointer, other.pointer) == 1 else { throw .openSSLFailure("BN_add") }
        return result
    }

    /// self − other; may be negative.
    func subtracting(_ other: BigNumber) throws(CryptoError) -> BigNumber {
        let result = BigNumber()
        guard BN_sub(result.pointer, pointer, other.pointer) == 1 else { throw .openSSLFailure("BN_sub") }
        return result
    }

    func multiplied(by other: BigNumber) throws(CryptoError) -> BigNumber {
        let result = BigNumber()
        let ctx = BigNumberContext()
        guard BN_mul(result.pointer, pointer, other.pointer, ctx.pointer) == 1 else { throw .openSSLFailure("BN_mul") }
        return result
    }

    /// (self + other) mod m, for operands already reduced mod m.
    func adding(_ other: BigNumber, modulo m: BigNumber) throws(CryptoError) -> BigNumber {
        let result = BigNumber()
        let ctx = BigNumberContext()
        guard BN_mod_add(result.pointer, pointer, other.pointer, m.pointer, ctx.pointer) == 1 else {
            throw .openSSLFailure("BN_mod_add")
        }
        return result
    }

    /// (self · other) mod m.
    func multiplied(by other: BigNumber, modulo m: BigNumber) throws(CryptoError) -> BigNumber {
        let result = BigNumber()
        let ctx = BigNumberContext()
        guard BN_mod_mul(result.pointer, pointer, other.pointer, m.pointer, ctx.pointer) == 1 else {
            throw .openSSLFailure("BN_mod_mul")
        }
        return result
    }

    /// (self − other) mod m, for operands already reduced mod m.
    func subtracting(_ other: BigNumber, modulo m: BigNumber) throws(CryptoError) -> BigNumber {
        let result = BigNumber()
        let ctx = BigNumberContext()
        guard BN_mod_sub(result.pointer, pointer, other.pointer, m.pointer, ctx.pointer) == 1 else {
            throw .openSSLFailure("BN_mod_sub")
        }
        return result
    }

    /// self⁻¹ mod m; throws `.invalidInput` when no inverse exists.
    func inverse(modulo m: BigNumber) throws(CryptoError) -> BigNumber {
        let ctx = BigNumberContext()
        guard let inverse = BN_mod_inverse(nil, pointer, m.pointer, ctx.pointer) else {
            OpenSSLErrors.discard()
            throw .invalidInput("no inverse modulo n")
        }
        return BigNumber(owning: inverse)
    }

    /// Euclidean division; throws for a zero divisor.
    func divided(by divisor: BigNumber) throws(CryptoError) -> (quotient: BigNumber, remainder: BigNumber) {
        let quotient = BigNumber()
        let remainder = BigNumber()
        let ctx = BigNumberContext()
        guard BN_div(quotient.pointer, remainder.pointer, pointer, divisor.pointer, ctx.pointer) == 1 else {
            throw .openSSLFailure("BN_div")
        }
        return (quotient, remainder)
    }

    static func < (lhs: BigNumber, rhs: BigNumber) -> Bool { BN_cmp(lhs.pointer, rhs.pointer) < 0 }
    static func == (lhs: BigNumber, rhs: BigNumber) -> Bool { BN_cmp(lhs.pointer, rhs.pointer) == 0 }
}

/// Owns an OpenSSL `BN_CTX`: scratch space for one thread's big-number arithmetic. Make one per
/// operation; never share it between threads.
final class BigNumberContext {
    let pointer: OpaquePointer

    init() {
        guard let ctx = BN_CTX_new() else { fatalError("BN_CTX_new: out of memory") }
        pointer = ctx
    }

    deinit {
        BN_CTX_free(pointer)
    }
}
