import TPMTypes

/// TPM2_NV_GlobalWriteLock (Part 3 §31.12): write-locks every index with globalLock SET,
/// until the next Startup(CLEAR).
struct NV_GlobalWriteLock: TPMCommand {
    static let code = TPMCommandCode.nvGlobalWriteLock
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> NoInput {
        _ = try HandleRules.provision(handles[0], culprit: .handle(1))
        return NoInput()
    }

    static func execute(_ input: NoInput, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        for var index in tpm.permanent.nvIndices.values where index.publicArea.attributes.contains(.globalLock) {
            index.publicArea.attributes.insert(.writeLocked)
            tpm.updateNVIndex(index)
        }
        return NoOutput()
    }
}
