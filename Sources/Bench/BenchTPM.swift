import TPM2
import TPMClient
import TPMTypes

/// A loaded key as the bench knows it: handle, public area, Name.
public struct LoadedKey {
    public var handle: TPMHandle
    public var publicArea: TPMPublic
    public var name: [UInt8] { publicArea.name }
}

/// The commands the suites send, each built as a client builds it and sent through the
/// target; a response code other than success throws `TPMCommandFailure`.
public final class BenchTPM {
    let link: TPMClient

    /// The curve and scheme the suites use here, decided once from what the TPM reports.
    private var chosenSuite: SigningSuite?
    func signingSuite() throws(TPMCommandFailure) -> SigningSuite {
        if let chosenSuite { return chosenSuite }
        let reported = try algorithms()
        let curves = try curves()
        let suite =
            reported.contains(.ecdsa) && curves.contains(.nistP256)
            ? SigningSuite.nist
            : SigningSuite(curve: .sm2P256, scheme: .sm2, hash: reported.contains(.sm3_256) ? .sm3_256 : .sha256)
        chosenSuite = suite
        return suite
    }

    /// A client whose commands go to `target`; a transmit that throws reads as TPM_RC_FAILURE.
    /// - Parameter target: the TPM the commands are sent to.
    public init(target: BenchTarget) {
        link = TPMClient { command in
            (try? target.transmit(command)) ?? TPMFrame.errorResponse(.failure)
        }
    }

    /// Startup(CLEAR); a TPM already started (TPM_RC_INITIALIZE) is fine.
    func startup() throws(TPMCommandFailure) {
        do { try link.call(Startup.self, .init(.clear)) } catch {
            guard error == .responseCode(.startup, TPMResponseCode(rawValue: 0x100)) else { throw error }
        }
    }

    static func sized(_ body: (inout TPMWriter) -> Void) -> [UInt8] {
        var w = TPMWriter()
        body(&w)
        return w.bytes
    }

    /// Reads `parse` from a reply, turning a short or malformed answer into a failure of `code`.
    static func read<T>(_ code: TPMCommandCode, _ parse: () throws(TPMError) -> T) throws(TPMCommandFailure) -> T {
        do throws(TPMError) { return try parse() } catch { throw .malformedResponse(code) }
    }

    // MARK: Objects

    func createPrimary(
        _ hierarchy: TPMHandle, _ template: TPMPublic, auth: [UInt8] = [], data: [UInt8] = [],
        hierarchyAuth: [UInt8] = []
    ) throws(TPMCommandFailure) -> LoadedKey {
        let parameters = TPMCreateParameters(
            inSensitive: TPMSensitiveCreate(userAuth: auth, data: data), inPublic: template)
        let created = try link.call(CreatePrimary.self, handles: [hierarchy], parameters, passwords: [hierarchyAuth])
        return LoadedKey(handle: created.objectHandle, publicArea: created.outPublic)
    }

    /// Create under `parent`: the private blob and the public area.
    func create(parent: TPMHandle, _ template: TPMPublic, auth: [UInt8] = [], data: [UInt8] = [])
        throws(TPMCommandFailure) -> (privateBlob: [UInt8], publicArea: TPMPublic)
    {
        let parameters = TPMCreateParameters(
            inSensitive: TPMSensitiveCreate(userAuth: auth, data: data), inPublic: template)
        let created = try link.call(Create.self, handles: [parent], parameters, passwords: [[]])
        return (created.outPrivate, created.outPublic)
    }

    func load(parent: TPMHandle, privateBlob: [UInt8], publicArea: TPMPublic) throws(TPMCommandFailure) -> LoadedKey {
        let loaded = try link.call(
            Load.self, handles: [parent], .init(inPrivate: privateBlob, inPublic: publicArea), passwords: [[]])
        return LoadedKey(handle: loaded.objectHandle, publicArea: publicArea)
    }

    func flush(_ handle: TPMHandle) {
        _ = try? link.call(FlushContext.self, .init(handle))
    }

    func readPublic(_ handle: TPMHandle) throws(TPMCommandFailure) -> ReadPublic.Response {
        try link.call(ReadPublic.self, handles: [handle])
    }

    /// The whole TPMS_CONTEXT as the TPM gave it.
    func contextSave(_ handle: TPMHandle) throws(TPMCommandFailure) -> [UInt8] {
        try link.call(ContextSave.self, handles: [handle]).context.marshalled
    }

    func evictControl(_ object: TPMHandle, persistent: TPMHandle) throws(TPMCommandFailure) {
        try link.call(
            EvictControl.self, handles: [TPMRH.owner, object], .init(persistentHandle: persistent), passwords: [[]])
    }

    func sign(_ key: TPMHandle, digest: [UInt8], auth: [UInt8] = []) throws(TPMCommandFailure) -> TPMSignature {
        try link.call(
            Sign.self, handles: [key],
            .init(digest: digest, inScheme: .null, validation: .null(TPMStructureTag.hashcheck)),
            passwords: [auth]
        ).signature
    }

    func unseal(_ item: TPMHandle, authorization: TPMClient.Authorization) throws(TPMCommandFailure) -> [UInt8] {
        try link.call(Unseal.self, handles: [item], authorizations: [authorization]).outData
    }

    // MARK: PCRs

    /// The values of every PCR in `selection`, in selection order. PCR_Read returns at most
    /// eight digests per call and says which it returned, so this asks until all came.
    func pcrRead(_ selection: TPMPCRSelectionList) throws(TPMCommandFailure) -> [[UInt8]] {
        var pending = selection.selections.map { (hash: $0.hash, pcrs: $0.pcrs, size: $0.select.count) }
        var values: [[UInt8]] = []
        while pending.contains(where: { !$0.pcrs.isEmpty }) {
            let ask = TPMPCRSelectionList(
                pending.filter { !$0.pcrs.isEmpty }.map {
                    TPMPCRSelection(hash: $0.hash, pcrs: $0.pcrs, sizeOfSelect: $0.size)
                })
            let answer = try link.call(PCR_Read.self, .init(ask))
            let (returned, digests) = (answer.pcrSelectionOut, answer.pcrValues)
            let returnedPCRs = returned.selections.flatMap { selection in selection.pcrs.map { (selection.hash, $0) } }
            guard !returnedPCRs.isEmpty, returnedPCRs.count == digests.count else { throw .malformedResponse(.pcrRead) }
            values += digests
            for (hash, pcr) in returnedPCRs {
                if let at = pending.firstIndex(where: { $0.hash == hash }) { pending[at].pcrs.removeAll { $0 == pcr } }
            }
        }
        return values
    }

    func pcrExtend(_ pcr: TPMHandle, sha256 digest: [UInt8]) throws(TPMCommandFailure) {
        try pcrExtend(pcr, digests: [(.sha256, digest)])
    }

    /// PCR_Extend with one digest per bank (TPML_DIGEST_VALUES).
    func pcrExtend(_ pcr: TPMHandle, digests: [(TPMAlgorithm, [UInt8])]) throws(TPMCommandFailure) {
        try link.call(PCR_Extend.self, handles: [pcr], .init(digests: TPMDigestValues(digests)), passwords: [[]])
    }

    /// The PCR banks with at least one PCR allocated (GetCapability TPM_CAP_PCRS).
    func activeBanks() throws(TPMCommandFailure) -> [TPMAlgorithm] {
        guard case .pcrs(let allocation) = try link.call(GetCapability.self, .init(.pcrs, count: 1)).capabilityData
        else {
            throw .malformedResponse(GetCapability.code)
        }
        return allocation.selections.filter { !$0.pcrs.isEmpty }.map(\.hash)
    }

    // MARK: Attestation (each returns the TPMS_ATTEST bytes and the signature)

    func quote(_ key: TPMHandle, nonce: [UInt8], selection: TPMPCRSelectionList) throws(TPMCommandFailure) -> (
        attest: [UInt8], signature: TPMSignature
    ) {
        Self.pair(
            try link.call(
                Quote.self, handles: [key], .init(qualifyingData: nonce, inScheme: .null, pcrSelect: selection),
                passwords: [[]]))
    }

    func certify(_ object: TPMHandle, by signer: TPMHandle, nonce: [UInt8]) throws(TPMCommandFailure) -> (
        attest: [UInt8], signature: TPMSignature
    ) {
        Self.pair(
            try link.call(Certify.self, handles: [object, signer], .init(qualifyingData: nonce), passwords: [[], []]))
    }

    func getTime(by signer: TPMHandle, nonce: [UInt8]) throws(TPMCommandFailure) -> (
        attest: [UInt8], signature: TPMSignature
    ) {
        Self.pair(
            try link.call(
                GetTime.self, handles: [TPMRH.endorsement, signer], .init(qualifyingData: nonce), passwords: [[], []]))
    }

    func nvCertify(_ index: TPMHandle, by signer: TPMHandle, nonce: [UInt8], size: UInt16) throws(TPMCommandFailure)
        -> (attest: [UInt8], signature: TPMSignature)
    {
        Self.pair(
            try link.call(
                NV_Certify.self, handles: [signer, TPMRH.owner, index],
                .init(qualifyingData: nonce, size: size, offset: 0),
                passwords: [[], []]))
    }

    private static func pair(_ signed: TPMSignedAttestation) -> (attest: [UInt8], signature: TPMSignature) {
        (signed.attest, signed.signature)
    }

    // MARK: Sessions and policies

    /// An unsalted, unbound policy session (SHA-256 unless `hash` says otherwise).
    func startPolicySession(trial: Bool = false, hash: TPMAlgorithm = .sha256) throws(TPMCommandFailure) -> TPMHandle {
        let parameters = StartAuthSession.Parameters(
            nonceCaller: [UInt8](repeating: 0x42, count: 32),
            sessionType: trial ? .trial : .policy, authHash: hash)
        return try link.call(StartAuthSession.self, handles: [TPMRH.null, TPMRH.null], parameters).sessionHandle
    }

    /// PolicySecret with the endorsement hierarchy's (empty) password: what an EK's policy asks.
    func policySecretEndorsement(_ session: TPMHandle) throws(TPMCommandFailure) {
        try link.call(
            PolicySecret.self, handles: [TPMRH.endorsement, session],
            .init(nonceTPM: [], cpHashA: [], policyRef: [], expiration: 0),
            passwords: [[]])
    }

    func policyPCR(_ session: TPMHandle, selection: TPMPCRSelectionList) throws(TPMCommandFailure) {
        try link.call(PolicyPCR.self, handles: [session], .init(pcrDigest: [], pcrs: selection))
    }

    func policyDigest(_ session: TPMHandle) throws(TPMCommandFailure) -> [UInt8] {
        try link.call(PolicyGetDigest.self, handles: [session]).policyDigest
    }

    /// LoadExternal of a public key only (an outside authority's), under the owner hierarchy,
    /// or with its sensitive area (a key whose bytes the caller knows), in the null hierarchy
    /// as Part 3 §12.3 requires.
    func loadExternal(_ publicArea: TPMPublic, sensitive: TPMSensitive? = nil) throws(TPMCommandFailure) -> LoadedKey {
        let parameters = LoadExternal.Parameters(
            inPrivate: sensitive, inPublic: publicArea, hierarchy: sensitive == nil ? TPMRH.owner : TPMRH.null)
        return LoadedKey(handle: try link.call(LoadExternal.self, parameters).objectHandle, publicArea: publicArea)
    }

    /// VerifySignature: the TPMT_TK_VERIFIED ticket for `digest` signed by `key`.
    func verifySignature(_ key: TPMHandle, digest: [UInt8], signature: TPMSignature) throws(TPMCommandFailure)
        -> TPMTicket
    {
        try link.call(VerifySignature.self, handles: [key], .init(digest: digest, signature: signature)).validation
    }

    func policyAuthorize(_ session: TPMHandle, approved: [UInt8], keyName: [UInt8], ticket: TPMTicket)
        throws(TPMCommandFailure)
    {
        try link.call(
            PolicyAuthorize.self, handles: [session],
            .init(approvedPolicy: approved, policyRef: [], keySign: keyName, checkTicket: ticket))
    }

    func activateCredential(
        key: TPMHandle, ek: TPMHandle, ekAuthorization: TPMClient.Authorization, blob: [UInt8], secret: [UInt8]
    )
        throws(TPMCommandFailure) -> [UInt8]
    {
        try link.call(
            ActivateCredential.self, handles: [key, ek], .init(credentialBlob: blob, secret: secret),
            authorizations: [.password([]), ekAuthorization]
        ).certInfo
    }

    // MARK: NV

    func nvDefine(_ index: TPMHandle, size: UInt16, attributes: TPMNVAttributes, auth: [UInt8] = [])
        throws(TPMCommandFailure)
    {
        let publicInfo = TPMNVPublic(
            index: index, nameAlg: .sha256, attributes: attributes, authPolicy: [], dataSize: size)
        try link.call(
            NV_DefineSpace.self, handles: [TPMRH.owner], .init(auth: auth, publicInfo: publicInfo), passwords: [[]])
    }

    func nvUndefine(_ index: TPMHandle) {
        _ = try? link.call(NV_UndefineSpace.self, handles: [TPMRH.owner, index], passwords: [[]])
    }

    func nvWrite(
        _ index: TPMHandle, _ data: [UInt8], offset: UInt16 = 0, by authHandle: TPMHandle = TPMRH.owner,
        auth: [UInt8] = []
    ) throws(TPMCommandFailure) {
        try link.call(
            NV_Write.self, handles: [authHandle, index], .init(data: data, offset: offset), passwords: [auth])
    }

    func nvRead(_ index: TPMHandle, size: UInt16, by authHandle: TPMHandle = TPMRH.owner, auth: [UInt8] = [])
        throws(TPMCommandFailure) -> [UInt8]
    {
        try link.call(NV_Read.self, handles: [authHandle, index], .init(size: size), passwords: [auth]).data
    }

    /// An index's whole contents, read in MAX_NV_BUFFER_SIZE (1024-byte) pieces with the owner's authorization.
    func nvReadAll(_ index: TPMHandle) throws(TPMCommandFailure) -> [UInt8] {
        let size = Int(try nvReadPublic(index).dataSize)
        var data: [UInt8] = []
        while data.count < size {
            let piece = NV_Read.Parameters(size: UInt16(min(1024, size - data.count)), offset: UInt16(data.count))
            data += try link.call(NV_Read.self, handles: [TPMRH.owner, index], piece, passwords: [[]]).data
        }
        return data
    }

    func nvIncrement(_ index: TPMHandle) throws(TPMCommandFailure) {
        try link.call(NV_Increment.self, handles: [TPMRH.owner, index], passwords: [[]])
    }

    func nvExtend(_ index: TPMHandle, _ data: [UInt8]) throws(TPMCommandFailure) {
        try link.call(NV_Extend.self, handles: [TPMRH.owner, index], .init(data: data), passwords: [[]])
    }

    func nvSetBits(_ index: TPMHandle, _ bits: UInt64) throws(TPMCommandFailure) {
        try link.call(NV_SetBits.self, handles: [TPMRH.owner, index], .init(bits: bits), passwords: [[]])
    }

    func nvReadPublic(_ index: TPMHandle) throws(TPMCommandFailure) -> TPMNVPublic {
        try link.call(NV_ReadPublic.self, handles: [index]).nvPublic
    }

    /// What the TPM reports it implements; it does not change during a run, so it is asked once.
    private var reportedAlgorithms: Set<TPMAlgorithm>?
    private var reportedCurves: Set<TPMECCCurve>?

    /// The algorithms the TPM reports (GetCapability TPM_CAP_ALGS).
    func algorithms() throws(TPMCommandFailure) -> Set<TPMAlgorithm> {
        if let reportedAlgorithms { return reportedAlgorithms }
        let reported = try readAlgorithms()
        reportedAlgorithms = reported
        return reported
    }

    private func readAlgorithms() throws(TPMCommandFailure) -> Set<TPMAlgorithm> {
        var reported: Set<TPMAlgorithm> = []
        for case .algorithms(let properties) in try link.capabilityData(.algorithms, count: 128) {
            reported.formUnion(properties.map(\.algorithm))
        }
        return reported
    }

    /// The ECC curves the TPM reports (GetCapability TPM_CAP_ECC_CURVES).
    func curves() throws(TPMCommandFailure) -> Set<TPMECCCurve> {
        if let reportedCurves { return reportedCurves }
        var curves: Set<TPMECCCurve> = []
        for case .eccCurves(let listed) in try link.capabilityData(.eccCurves, count: 64) { curves.formUnion(listed) }
        reportedCurves = curves
        return curves
    }

    /// Whether the TPM reports everything `template` names: type, nameAlg, symmetric, curve.
    func supports(_ template: TPMPublic) throws(TPMCommandFailure) -> Bool {
        let reported = try algorithms()
        let symmetric = template.parameters.symmetric.algorithm
        guard reported.contains(template.type), reported.contains(template.nameAlg),
            symmetric == .null || reported.contains(symmetric)
        else { return false }
        if case .ecc(_, _, let curve, _) = template.parameters { return try curves().contains(curve) }
        return true
    }

    /// The TPM property `property` (TPM_CAP_TPM_PROPERTIES), or nil when not reported.
    func property(_ property: UInt32) throws(TPMCommandFailure) -> UInt32? {
        try link.tpmProperty(property)
    }
}
