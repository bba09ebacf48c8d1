internal import COpenSSL

/// Owns an `OSSL_PARAM_BLD`. OpenSSL keeps the *address* of each parameter name until the built
/// array is freed, so names are `StaticString`s, whose storage lives as long as the program.
final class ParamBuilder {
    private let pointer: OpaquePointer
    /// Big numbers are read when the array is built, not when pushed; keep them alive until then.
    private var retained: [BigNumber] = []
    private var ownedOctets: [UnsafeMutableRawBufferPointer] = []

    init() {
        guard let bld = OSSL_PARAM_BLD_new() else { fatalError("OSSL_PARAM_BLD_new: out of memory") }
        pointer = bld
    }

    deinit {
        OSSL_PARAM_BLD_free(pointer)
        for octets in ownedOctets { octets.deallocate() }
    }

    func push(_ name: StaticString, _ value: BigNumber) throws(CryptoError) {
        retained.append(value)
        guard OSSL_PARAM_BLD_push_BN(pointer, name.cString, value.pointer) == 1 else {
            throw .openSSLFailure("OSSL_PARAM_BLD_push_BN(\(name))")
        }
    }

    func push(_ name: StaticString, utf8 value: StaticString) throws(CryptoError) {
        guard OSSL_PARAM_BLD_push_utf8_string(pointer, name.cString, value.cString, 0) == 1 else {
            throw .openSSLFailure("OSSL_PARAM_BLD_push_utf8_string(\(name))")
        }
    }

    /// OpenSSL copies octet strings only when the array is built, so the builder keeps its own copy
    /// of `value` alive until then.
    func push(_ name: StaticString, octets value: [UInt8]) throws(CryptoError) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(value.count, 1), alignment: 1)
        copy.copyBytes(from: value)
        ownedOctets.append(copy)
        guard OSSL_PARAM_BLD_push_octet_string(pointer, name.cString, copy.baseAddress, value.count) == 1 else {
            throw .openSSLFailure("OSSL_PARAM_BLD_push_octet_string(\(name))")
        }
    }

    /// The finished array; the caller frees it with `OSSL_PARAM_free`.
    func parameters() throws(CryptoError) -> UnsafeMutablePointer<OSSL_PARAM> {
        guard let params = OSSL_PARAM_BLD_to_param(pointer) else {
            throw .openSSLFailure("OSSL_PARAM_BLD_to_param")
        }
        return params
    }
}

extension StaticString {
    /// The literal's NUL-terminated bytes as a C string; valid for the life of the program.
    var cString: UnsafePointer<CChar> {
        UnsafeRawPointer(utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
