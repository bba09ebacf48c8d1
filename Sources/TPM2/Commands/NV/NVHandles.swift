import TPMTypes

/// The handle values the commands not yet described accept (Part 2 §9): a handle of the wrong
/// kind fails its unmarshalling with TPM_RC_VALUE. A described command's handle slots
/// (TPMHandleSlot) carry the same rules and are checked by the dispatcher before anything else.
enum HandleRules {
    /// TPMI_RH_PROVISION: owner or platform.
    static func provision(_ handle: TPMHandle, culprit: TPMError.Culprit) throws(TPMError) -> TPMHandle {
        try oneOf(handle, [TPMRH.owner, TPMRH.platform], culprit: culprit)
    }

    /// TPMI_RH_NV_AUTH: owner, platform or an NV index.
    static func nvAuth(_ handle: TPMHandle, culprit: TPMError.Culprit) throws(TPMError) -> TPMHandle {
        if handle.handleType == .nvIndex { return handle }
        return try provision(handle, culprit: culprit)
    }

    static func oneOf(_ handle: TPMHandle, _ allowed: [TPMHandle], culprit: TPMError.Culprit) throws(TPMError) -> TPMHandle {
        guard allowed.contains(handle) else { throw TPMError(.value, culprit) }
        return handle
    }
}

/// The input of the NV commands that name an authorizing handle and an index.
struct NVAccessInput {
    var auth: TPMHandle
    var index: TPMHandle

    init(auth: TPMHandle, index: TPMHandle) {
        self.auth = auth
        self.index = index
    }
}
