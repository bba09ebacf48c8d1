import TPMTypes

/// TPM2_SetCommandCodeAuditStatus (Part 3 §21.2): changes which commands are audited, or the
/// audit digest's hash (not both in one call; a new hash empties the digest). This command
/// itself is always audited.
///
/// Response codes: TPM_RC_VALUE (a new hash together with list changes: parameter 1; handle 1
/// not owner or platform), TPM_RC_HASH (parameter 1).
struct SetCommandCodeAuditStatus: TPMCommand {
    static let code = TPMCommandCode.setCommandCodeAuditStatus
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    struct Input {
        var auditHash: TPMAlgorithm
        var setList: [TPMCommandCode]
        var clearList: [TPMCommandCode]
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        _ = try HandleRules.provision(handles[0], culprit: .handle(1))
        let hash: TPMAlgorithm = try parameters.parameter(1)
        return Input(auditHash: hash, setList: try CommandCodeList.read(&parameters, parameter: 2),
                     clearList: try CommandCodeList.read(&parameters, parameter: 3))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        if input.auditHash != .null && input.auditHash != tpm.permanent.auditHash {
            guard input.auditHash.hashAlgorithm != nil, tpm.config.supports(input.auditHash) else { throw TPMError(.hash, .parameter(1)) }
            guard input.setList.isEmpty && input.clearList.isEmpty else { throw TPMError(.value, .parameter(1)) }
            tpm.permanent.auditHash = input.auditHash
            tpm.commandAuditDigest = []
        } else {
            // Commands this TPM does not implement are ignored, as Part 3 allows.
            tpm.permanent.auditCommands.formUnion(input.setList.filter { tpm.config.commands.contains($0) })
            tpm.permanent.auditCommands.subtract(input.clearList)
        }
        return NoOutput()
    }
}

/// TPML_CC: a count (at most MAX_CAP_CC) and that many command codes.
enum CommandCodeList {
    static func read(_ reader: inout TPMReader, parameter: Int) throws(TPMError) -> [TPMCommandCode] {
        try TPMError.attributing(.parameter(parameter)) { () throws(TPMError) in
            let count: UInt32 = try reader.read()
            guard count <= 256 else { throw TPMError(.size) }
            var codes: [TPMCommandCode] = []
            for _ in 0..<count { codes.append(TPMCommandCode(rawValue: try reader.read())) }
            return codes
        }
    }
}
