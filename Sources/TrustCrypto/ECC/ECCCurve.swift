/// The curves a TPM names in TPMI_ECC_CURVE (Part 2 §6.4; parameters in the TCG Algorithm
/// Registry): NIST P-192, P-224, P-256, P-384, P-521, Barreto-Naehrig P-256 and P-638 (for
/// ECDAA) and SM2 P-256.
public enum ECCCurve: Sendable, Hashable, CaseIterable {
    case nistP192, nistP224, nistP256, nistP384, nistP521, bnP256, bnP638, sm2P256

    /// Bytes in a coordinate or scalar (TPM2B_ECC_PARAMETER size): ceil(field bits / 8).
    public var keySize: Int {
        switch self {
        case .nistP192: 24
        case .nistP224: 28
        case .nistP256, .bnP256, .sm2P256: 32
        case .nistP384: 48
        case .nistP521: 66
        case .bnP638: 80
        }
    }

    /// False when this libcrypto lacks the curve (SM2 can be compiled out); a TPM should then leave
    /// the curve out of TPM_CAP_ECC_CURVES. Every other API throws `.unsupported` for such a curve.
    public var isSupported: Bool {
        (try? ECGroup.of(self)) != nil
    }

    /// p, a, b, G and n padded to `keySize`, h minimal, as TPM2_ECC_Parameters reports them
    /// (ms-tpm-20-ref CryptEccGetParameters); `.unsupported` when this libcrypto lacks the curve.
    public var parameters: ECCCurveParameters {
        get throws(CryptoError) { try ECGroup.of(self).parameters }
    }
}

/// The domain parameters of a curve y² = x³ + ax + b over GF(p) with base point G of order n and
/// cofactor h, big-endian (TPMS_ALGORITHM_DETAIL_ECC, Part 2).
public struct ECCCurveParameters: Sendable, Equatable {
    public let p, a, b, gX, gY, n, h: [UInt8]
}

/// An affine point. Points this module returns have both coordinates left-padded to the curve's
/// `keySize` (TPMS_ECC_POINT); points it accepts may omit leading zero bytes.
public struct ECCPoint: Sendable, Equatable {
    public var x: [UInt8]
    public var y: [UInt8]

    /// A point from its big-endian coordinates, kept as given (not validated or padded).
    /// - Parameters:
    ///   - x: the x-coordinate, big-endian.
    ///   - y: the y-coordinate, big-endian.
    public init(x: [UInt8], y: [UInt8]) {
        self.x = x
        self.y = y
    }
}
