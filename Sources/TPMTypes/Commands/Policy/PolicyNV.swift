/// TPM2_PolicyNV (Part 3 §23.9): the policy holds while an NV index's contents compare so with operandB.
public enum PolicyNV: TPMCommandDescription {
    public static let code = TPMCommandCode.policyNV
    public static let handles: [TPMHandleSlot] = [
        .nvAuth(.user), .nvIndex(.none), TPMHandleSlot(.none, HandleTypes.policySession),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var operandB: [UInt8] = []
        public var offset: UInt16 = 0
        public var operation: UInt16 = 0
        public static let fields: [TPMField<Self>] = [
            .sized(\.operandB, max: TPMLimits.maxDigest),
            .integer(\.offset),
            .integer(\.operation, where: { $0 <= 0x000B }),
        ]

        public init() {}
        public init(operandB: [UInt8], offset: UInt16, operation: UInt16) {
            self.operandB = operandB
            self.offset = offset
            self.operation = operation
        }
    }

    public typealias Response = TPMNoParameters
}
