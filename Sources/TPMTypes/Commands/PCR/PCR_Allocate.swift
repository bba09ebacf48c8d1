/// TPM2_PCR_Allocate (Part 3 §22.5): the PCR banks the next TPM Reset allocates.
public enum PCR_Allocate: TPMCommandDescription {
    public static let code = TPMCommandCode.pcrAllocate
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.platform])]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var pcrAllocation: TPMPCRSelectionList = TPMPCRSelectionList()
        public static let fields: [TPMField<Self>] = [.value(\.pcrAllocation)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter pcrAllocation: the requested allocation of PCR banks.
        public init(pcrAllocation: TPMPCRSelectionList) {
            self.pcrAllocation = pcrAllocation
        }
    }

    public struct Response: TPMParameterList {
        public var allocationSuccess: Bool = false
        public var maxPCR: UInt32 = 0
        public var sizeNeeded: UInt32 = 0
        public var sizeAvailable: UInt32 = 0
        public static let fields: [TPMField<Self>] = [
            .yesNo(\.allocationSuccess),
            .integer(\.maxPCR),
            .integer(\.sizeNeeded),
            .integer(\.sizeAvailable),
        ]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameters:
        ///   - allocationSuccess: YES if the allocation succeeded.
        ///   - maxPCR: the maximum number of PCRs that may be in a bank.
        ///   - sizeNeeded: the number of octets the requested allocation needs.
        ///   - sizeAvailable: the number of octets available for PCR banks.
        public init(allocationSuccess: Bool, maxPCR: UInt32, sizeNeeded: UInt32, sizeAvailable: UInt32) {
            self.allocationSuccess = allocationSuccess
            self.maxPCR = maxPCR
            self.sizeNeeded = sizeNeeded
            self.sizeAvailable = sizeAvailable
        }
    }
}
