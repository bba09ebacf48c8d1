import TPMTypes

/// Response codes: TPM_RC_HIERARCHY (platform with phEnableNV clear: handle 1),
/// TPM_RC_ATTRIBUTES (inconsistent attributes: parameter 2, or platformCreate not matching
/// the creator: handle 1), TPM_RC_SIZE (auth longer than the name digest: parameter 1; policy
/// or data size wrong for the type: parameter 2), TPM_RC_HASH (parameter 2),
/// TPM_RC_NV_DEFINED, TPM_RC_NV_SPACE.
extension NV_DefineSpace: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let authHandle = handles[0]
        let info = input.publicInfo
        try TPMError.attributing(parameter(\.publicInfo)) { () throws(TPMError) in try checkPublic(info, tpm: tpm) }
        guard let hash = info.nameAlg.hashAlgorithm else { throw TPMError(.hash, parameter(\.publicInfo)) }
        if trimmedAuth(input.auth).count > hash.digestSize { throw TPMError(.size, parameter(\.auth)) }
        if authHandle == TPMRH.platform && !tpm.permanent.platformNVEnabled { throw TPMError(.hierarchy, .handle(1)) }
        let attributes = info.attributes
        if attributes.contains(.platformCreate) != (authHandle == TPMRH.platform) {
            throw TPMError(.attributes, .handle(1))
        }
        if attributes.contains(.policyDelete) && authHandle != TPMRH.platform {
            throw TPMError(.attributes, parameter(\.publicInfo))
        }
        if Int(info.dataSize) > tpm.config.profile.maxNVBufferSize && attributes.contains(.writeAll) {
            throw TPMError(.size, parameter(\.publicInfo))
        }
        if Int(info.dataSize) > tpm.config.profile.maxNVIndexSize { throw TPMError(.size, parameter(\.publicInfo)) }
        guard tpm.permanent.nvIndices[info.index] == nil else { throw TPMError(.nvDefined) }

        let index = NVIndex(
            publicArea: info, authValue: trimmedAuth(input.auth),
            data: [UInt8](repeating: attributes.type == .ordinary ? 0xFF : 0, count: Int(info.dataSize)))
        let size = TPMEngineState.nvEntryOverhead + info.marshalled.count + index.authValue.count + Int(info.dataSize)
        guard tpm.nvHasRoom(for: size) else { throw TPMError(.nvSpace) }
        tpm.updateNVIndex(index)
        return Response()
    }

    /// The attribute and size rules of Part 3 §31.3 that depend only on the public area.
    static func checkPublic(_ info: TPMNVPublic, tpm: TPMEngineState) throws(TPMError) {
        guard info.index.handleType == .nvIndex else { throw TPMError(.value) }
        guard let hash = tpm.admittedHash(info.nameAlg) else { throw TPMError(.hash) }
        let attributes = info.attributes
        guard attributes.isDisjoint(with: .reserved) else { throw TPMError(.reservedBits) }
        if !info.authPolicy.isEmpty && info.authPolicy.count != hash.digestSize { throw TPMError(.size) }
        guard let type = attributes.type else { throw TPMError(.attributes) }
        switch type {
        case .ordinary: break
        case .extend: if Int(info.dataSize) != hash.digestSize { throw TPMError(.size) }
        case .counter, .bits, .pinFail, .pinPass: if info.dataSize != 8 { throw TPMError(.size) }
        }
        switch type {
        case .counter:
            if attributes.contains(.clearSTClear) { throw TPMError(.attributes) }
        case .pinFail, .pinPass:
            // A PIN index is written by its owner or a policy, never with its own auth value.
            if type == .pinFail && !attributes.contains(.noDA) { throw TPMError(.attributes) }
            if !attributes.isDisjoint(with: [.authWrite, .globalLock, .writeDefine]) { throw TPMError(.attributes) }
        default:
            break
        }
        if !attributes.isDisjoint(with: [.written, .writeLocked, .readLocked]) { throw TPMError(.attributes) }
        if attributes.isDisjoint(with: [.ownerRead, .ppRead, .authRead, .policyRead]) { throw TPMError(.attributes) }
        if attributes.isDisjoint(with: [.ownerWrite, .ppWrite, .authWrite, .policyWrite]) {
            throw TPMError(.attributes)
        }
        if attributes.contains(.clearSTClear) && attributes.contains(.writeDefine) { throw TPMError(.attributes) }
    }
}
