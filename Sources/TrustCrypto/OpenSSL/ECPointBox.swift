internal import COpenSSL

/// Owns one `EC_POINT` on a given group. Every point is filled in by the function that creates it
/// and only read afterwards (OpenSSL reads input points without modifying them), so keys may share
/// their points between threads.
final class ECPointBox: @unchecked Sendable {
    // Safe: only the function creating a point writes it, before it is shared; afterwards OpenSSL only reads it.
    let pointer: OpaquePointer
    let group: ECGroup

    init(_ group: ECGroup) {
        guard let point = EC_POINT_new(group.pointer) else { fatalError("EC_POINT_new: out of memory") }
        pointer = point
        self.group = group
    }

    deinit {
        EC_POINT_clear_free(pointer)
    }
}
