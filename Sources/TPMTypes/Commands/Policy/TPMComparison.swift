/// What TPM2_PolicyNV and TPM2_PolicyCounterTimer take: the value to compare with, where in the
/// compared data it starts, and the comparison (TPM_EO, Part 2 §6.8: anything above 0x000B is
/// TPM_RC_VALUE).
public struct TPMComparison: TPMParameterList, Equatable, Sendable {
    public var operandB: [UInt8] = []
    public var offset: UInt16 = 0
    public var operation: UInt16 = 0
    public static let fields: [TPMField<Self>] = [
        .sized(\.operandB, max: TPMLimits.maxDigest),
        .integer(\.offset),
        .integer(\.operation, where: { $0 <= 0x000B }),
    ]

    public init() {}
    /// Creates the comparison field by field.
    /// - Parameters:
    ///   - operandB: the second operand, compared with the same number of bytes of operandA.
    ///   - offset: the octet offset in operandA (the NV index's data or TPMS_TIME_INFO) where the comparison starts.
    ///   - operation: the comparison to make (TPM_EO).
    public init(operandB: [UInt8], offset: UInt16, operation: UInt16) {
        self.operandB = operandB
        self.offset = offset
        self.operation = operation
    }
}
