/// How a command handle must be authorized (Part 3 §4.5: "Auth Index" and "Auth Role").
public enum AuthRole: Sendable {
    /// No authorization: the handle names an entity but needs no session.
    case none
    /// USER role: password/HMAC allowed when userWithAuth is SET, else policy.
    case user
    /// ADMIN role: policy required when adminWithPolicy is SET.
    case admin
    /// DUP role: policy only.
    case dup
}

/// One entry of a command's handle area: its authorization role and the interface type
/// (TPMI_DH_* or TPMI_RH_*) that says which handles it takes. A handle outside the type fails
/// unmarshalling with TPM_RC_VALUE for that handle, before anything else is looked at.
public struct TPMHandleSlot: Sendable {
    public let role: AuthRole
    /// The handle types the slot takes; empty for any.
    public let types: Set<TPMHandleType>
    /// The permanent handles the slot takes (TPMI_RH_PROVISION: owner and platform); nil for
    /// every permanent handle its types allow.
    public let permanentHandles: Set<TPMHandle>?

    /// A slot of the given role and interface type.
    /// - Parameters:
    ///   - role: how a handle in this slot is authorized.
    ///   - types: the handle types the slot takes; empty (the default) for any.
    ///   - permanent: the permanent handles the slot takes; nil (the default) for every one `types` allows.
    public init(_ role: AuthRole, _ types: Set<TPMHandleType> = [], permanent: Set<TPMHandle>? = nil) {
        self.role = role
        self.types = types
        permanentHandles = permanent
    }

    /// Whether `handle` is of this slot's interface type.
    /// - Parameter handle: a handle from the command's handle area.
    /// - Returns: false when its type is not among `types` (unless `types` is empty), or when it is a
    ///   permanent handle that `permanentHandles`, if set, does not hold; true otherwise.
    public func admits(_ handle: TPMHandle) -> Bool {
        guard types.isEmpty || handle.handleType.map(types.contains) == true else { return false }
        if handle.handleType == .permanent, let permanentHandles { return permanentHandles.contains(handle) }
        return true
    }
}

/// A command's attributes as the reference's command attribute table keeps them (TPMA_CC
/// and the dispatch flags beside it).
public struct TPMCommandAttributes: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The first parameter is a TPM2B a decrypt session may encrypt.
    public static let decryptsFirstParameter = Self(rawValue: 1 << 0)
    /// The first response parameter is a TPM2B an encrypt session may encrypt.
    public static let encryptsFirstResponse = Self(rawValue: 1 << 1)
    /// TPMA_CC.nv: the command may write NV (Part 2 §8.9).
    public static let writesNV = Self(rawValue: 1 << 2)
    /// TPMA_CC.flushed: the command flushes its handles (Part 2 §8.9).
    public static let flushesHandles = Self(rawValue: 1 << 3)
    /// TPMA_CC.extensive: the command may flush many objects (Part 2 §8.9).
    public static let extensive = Self(rawValue: 1 << 5)
    /// The authorization area must be empty (the reference's NO_SESSIONS: Startup,
    /// ContextSave, ContextLoad, FlushContext): TPM_RC_AUTH_CONTEXT.
    public static let withoutSessions = Self(rawValue: 1 << 4)
}

/// One TPM command as both sides of the wire see it: its code, handle area, parameters and
/// response. The engine derives its unmarshalling of the parameters and its marshalling of the
/// response from it, the client the reverse, and the command table its entry; the engine adds
/// only the body. This is the reference implementation's split: generated In/Out structures
/// and attribute tables beside hand-written command code.
public protocol TPMCommandDescription: Sendable {
    associatedtype Parameters: TPMParameterList
    associatedtype Response: TPMParameterList

    static var code: TPMCommandCode { get }
    /// Part 3's name without the TPM2_ prefix ("NV_Write"): by default the type's name.
    static var name: String { get }
    /// One slot per handle in the handle area, in order.
    static var handles: [TPMHandleSlot] { get }
    static var attributes: TPMCommandAttributes { get }
}

extension TPMCommandDescription {
    public static var name: String { String(describing: Self.self) }
    public static var handles: [TPMHandleSlot] { [] }
    public static var attributes: TPMCommandAttributes { [] }
    /// Whether the response's handle area holds a handle (the response's `handle` field).
    public static var returnsHandle: Bool { Response.handleField != nil }
}

/// Handle types the TPMI_ interface types allow (Part 2 §9).
public enum HandleTypes {
    /// TPMI_DH_OBJECT.
    public static let object: Set<TPMHandleType> = [.transient, .persistent]
    /// TPMI_DH_OBJECT+: an object or TPM_RH_NULL.
    public static let objectOrNull: Set<TPMHandleType> = [.transient, .persistent, .permanent]
    /// TPMI_DH_PARENT+: an object or a hierarchy.
    public static let parent: Set<TPMHandleType> = [.transient, .persistent, .permanent]
    /// TPMI_DH_ENTITY+: an object, NV index, PCR or permanent handle (TPM_RH_NULL included).
    public static let entity: Set<TPMHandleType> = [.transient, .persistent, .permanent, .nvIndex, .pcr]
    /// TPMI_RH_* hierarchies and other permanent handles.
    public static let permanent: Set<TPMHandleType> = [.permanent]
    /// TPMI_RH_NV_INDEX.
    public static let nvIndex: Set<TPMHandleType> = [.nvIndex]
    /// TPMI_RH_NV_AUTH: owner, platform or the index.
    public static let nvAuth: Set<TPMHandleType> = [.nvIndex, .permanent]
    /// TPMI_DH_PCR.
    public static let pcr: Set<TPMHandleType> = [.pcr]
    /// TPMI_DH_PCR+: a PCR or TPM_RH_NULL.
    public static let pcrOrNull: Set<TPMHandleType> = [.pcr, .permanent]
    /// TPMI_SH_POLICY: a policy (or trial) session; an HMAC session is TPM_RC_VALUE.
    public static let policySession: Set<TPMHandleType> = [.policySession]
}

extension TPMHandleSlot {
    /// TPMI_RH_PROVISION: owner or platform.
    /// - Parameter role: how the hierarchy handle is authorized.
    /// - Returns: a slot that takes TPM_RH_OWNER or TPM_RH_PLATFORM.
    public static func provision(_ role: AuthRole) -> Self {
        Self(role, HandleTypes.permanent, permanent: [TPMRH.owner, TPMRH.platform])
    }
    /// TPMI_RH_NV_AUTH: owner, platform or an NV index.
    /// - Parameter role: how the handle is authorized.
    /// - Returns: a slot that takes TPM_RH_OWNER, TPM_RH_PLATFORM or an NV index handle.
    public static func nvAuth(_ role: AuthRole) -> Self {
        Self(role, HandleTypes.nvAuth, permanent: [TPMRH.owner, TPMRH.platform])
    }
    /// TPMI_RH_NV_INDEX.
    /// - Parameter role: how the index is authorized.
    /// - Returns: a slot that takes NV index handles only.
    public static func nvIndex(_ role: AuthRole) -> Self { Self(role, HandleTypes.nvIndex) }
    /// One of the permanent handles `handles` (TPMI_RH_LOCKOUT, TPMI_RH_PLATFORM...).
    /// - Parameters:
    ///   - role: how the handle is authorized.
    ///   - handles: the permanent handles the slot takes.
    /// - Returns: a slot that takes only those permanent handles.
    public static func oneOf(_ role: AuthRole, _ handles: Set<TPMHandle>) -> Self {
        Self(role, HandleTypes.permanent, permanent: handles)
    }
}
