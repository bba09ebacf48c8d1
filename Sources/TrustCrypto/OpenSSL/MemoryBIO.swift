internal import COpenSSL

/// Owns a memory `BIO`, the sink OpenSSL's PEM writers need.
final class MemoryBIO {
    let pointer: OpaquePointer

    init() throws(CryptoError) {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSLFailure("BIO_new") }
        pointer = bio
    }

    deinit {
        BIO_free(pointer)
    }

    /// Everything written so far, as text (PEM is ASCII).
    func contents() throws(CryptoError) -> String {
        let pending = BIO_ctrl_pending(pointer)
        guard pending > 0, pending < Int(Int32.max) else { throw .openSSLFailure("BIO_ctrl_pending") }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = BIO_read(pointer, &bytes, Int32(pending))
        guard read == Int32(pending) else { throw .openSSLFailure("BIO_read") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
