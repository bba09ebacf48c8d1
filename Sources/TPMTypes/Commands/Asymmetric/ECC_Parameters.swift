/// TPM2_ECC_Parameters (Part 3 §14.6): a curve's parameters (TPMS_ALGORITHM_DETAIL_ECC).
public enum ECC_Parameters: TPMCommandDescription {
    public static let code = TPMCommandCode.eccParameters

    public struct Parameters: TPMParameterList {
        public var curveID = TPMECCCurve.none
        public static let fields: [TPMField<Self>] = [.value(\.curveID)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter curveID: the curve whose parameters are asked for (TPMI_ECC_CURVE).
        public init(curveID: TPMECCCurve) {
            self.curveID = curveID
        }
    }

    public struct Response: TPMParameterList {
        public var curveID = TPMECCCurve.none
        public var keySize: UInt16 = 0
        public var kdf = TPMScheme.null
        public var sign = TPMScheme.null
        public var p: [UInt8] = []
        public var a: [UInt8] = []
        public var b: [UInt8] = []
        public var gX: [UInt8] = []
        public var gY: [UInt8] = []
        public var n: [UInt8] = []
        public var h: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .value(\.curveID),
            .integer(\.keySize),
            .value(\.kdf),
            .value(\.sign),
            .sized(\.p, max: TPMLimits.maxECCKeyBytes),
            .sized(\.a, max: TPMLimits.maxECCKeyBytes),
            .sized(\.b, max: TPMLimits.maxECCKeyBytes),
            .sized(\.gX, max: TPMLimits.maxECCKeyBytes),
            .sized(\.gY, max: TPMLimits.maxECCKeyBytes),
            .sized(\.n, max: TPMLimits.maxECCKeyBytes),
            .sized(\.h, max: TPMLimits.maxECCKeyBytes),
        ]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameters:
        ///   - curveID: identifier of the curve.
        ///   - keySize: size of the key in bits.
        ///   - kdf: the KDF and hash required in secret sharing with this curve, if not TPM_ALG_NULL.
        ///   - sign: the signature scheme required with this curve, if not TPM_ALG_NULL.
        ///   - p: Fp, the field modulus.
        ///   - a: coefficient of the linear term in the curve equation.
        ///   - b: constant term of the curve equation.
        ///   - gX: x coordinate of the base point G.
        ///   - gY: y coordinate of the base point G.
        ///   - n: order of G.
        ///   - h: the cofactor, big-endian without leading zeros ([0x01] for every curve implemented).
        public init(
            curveID: TPMECCCurve, keySize: UInt16, kdf: TPMScheme, sign: TPMScheme, p: [UInt8], a: [UInt8], b: [UInt8],
            gX: [UInt8], gY: [UInt8], n: [UInt8], h: [UInt8]
        ) {
            self.curveID = curveID
            self.keySize = keySize
            self.kdf = kdf
            self.sign = sign
            self.p = p
            self.a = a
            self.b = b
            self.gX = gX
            self.gY = gY
            self.n = n
            self.h = h
        }
    }
}
