/// TPM2_SetCommandCodeAuditStatus (Part 3 §21.2): the audit digest's hash, or commands added to and removed
/// from the audited list.
public enum SetCommandCodeAuditStatus: TPMCommandDescription {
    public static let code = TPMCommandCode.setCommandCodeAuditStatus
    public static let handles: [TPMHandleSlot] = [.provision(.user)]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var auditAlg: TPMAlgorithm = TPMAlgorithm.null
        public var setList: TPMCommandCodeList = TPMCommandCodeList()
        public var clearList: TPMCommandCodeList = TPMCommandCodeList()
        public static let fields: [TPMField<Self>] = [.value(\.auditAlg), .value(\.setList), .value(\.clearList)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - auditAlg: the hash algorithm for the command audit digest; TPM_ALG_NULL leaves it unchanged.
        ///   - setList: the commands to add to the audited list.
        ///   - clearList: the commands to remove from the audited list.
        public init(auditAlg: TPMAlgorithm, setList: TPMCommandCodeList, clearList: TPMCommandCodeList) {
            self.auditAlg = auditAlg
            self.setList = setList
            self.clearList = clearList
        }
    }

    public typealias Response = TPMNoParameters
}
