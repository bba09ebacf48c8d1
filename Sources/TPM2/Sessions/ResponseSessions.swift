import TPMTypes
import TrustCrypto

/// Builds a successful response (Part 3, "Response Parameters"): handle area, parameterSize when sessions
/// were used, parameters (first one encrypted if asked), then one session per command
/// session with a fresh nonceTPM and the response HMAC.
extension TPMEngineState {
    func buildResponse(
        entry: CommandEntry, result: (handle: TPMHandle?, parameters: [UInt8]), sessions: [CommandSession],
        tag: UInt16, names: [[UInt8]], parameters commandParameters: [UInt8]
    ) throws(TPMError) -> [UInt8] {
        var responseParameters = result.parameters
        // Nonces roll before the response is encrypted or MACed.
        for item in sessions { item.session?.nonceTPM = random(item.session?.nonceTPM.count ?? 0) }

        if let index = sessions.firstIndex(where: { $0.attributes.contains(.encrypt) }),
            let session = sessions[index].session,
            !responseParameters.isEmpty
        {
            let item = sessions[index]
            // The entity's authValue as the command left it, for policy and HMAC sessions alike.
            let auth = item.associatedHandle.map { currentAuth($0, item) } ?? []
            var reader = TPMReader(responseParameters)
            let size = Int(try reader.read(UInt16.self))
            let data = try reader.readBytes(size)
            let encrypted = try ParameterEncryption.apply(
                data, encrypt: true, session: session, authValue: auth,
                nonceNewer: session.nonceTPM, nonceOlder: item.nonceCaller)
            responseParameters = Array(responseParameters.prefix(2)) + encrypted + reader.readRest()
        }

        updateSessionAudit(
            entry: entry, sessions: sessions, names: names, commandParameters: commandParameters,
            responseParameters: responseParameters)
        recordCommandAudit(
            entry: entry, names: names, commandParameters: commandParameters, responseParameters: responseParameters)

        var w = TPMWriter()
        w.write(tag)
        w.write(UInt32(0))  // size, patched below
        w.write(UInt32(0))  // TPM_RC_SUCCESS
        if let handle = result.handle { w.write(handle) }
        if tag == TPMStructureTag.sessions {
            w.write(UInt32(responseParameters.count))
            w.write(bytes: responseParameters)
            for item in sessions {
                var attributes = item.attributes
                guard let session = item.session else {
                    attributes.insert(.continueSession)
                    w.writeSized([])
                    w.write(attributes.rawValue)
                    w.writeSized([])
                    continue
                }
                // The audit session reports whether it is exclusive; the response HMAC covers that.
                if attributes.contains(.audit) {
                    if exclusiveAuditSession == session.handle {
                        attributes.insert(.auditExclusive)
                    } else {
                        attributes.remove(.auditExclusive)
                    }
                }
                w.writeSized(session.nonceTPM)
                w.write(attributes.rawValue)
                w.writeSized(
                    responseHMAC(
                        item, session: session, entry: entry, attributes: attributes.rawValue,
                        rpHash: SessionHMAC.rpHash(session.hash, code: entry.code, parameters: responseParameters)))
            }
        } else {
            w.write(bytes: responseParameters)
        }
        var bytes = w.bytes
        let size = UInt32(bytes.count).bigEndianBytes
        bytes.replaceSubrange(2..<6, with: size)

        // Sessions without continueSession end with the command; continuing policy sessions
        // restart, with a new start time, whether they authorized or only encrypted (the
        // reference's UpdateInternalSession).
        for item in sessions {
            guard let session = item.session else { continue }
            if !item.attributes.contains(.continueSession) {
                self.sessions[session.handle] = nil
            } else if session.type == .policy {
                session.restartPolicy()
                session.startTime = time
            }
        }
        return bytes
    }

    /// Session audit, as the reference's UpdateAuditSessionStatus: the audit session's first
    /// use, or an auditReset, starts its digest and makes it the exclusive audit session; any
    /// other use keeps exclusivity only if it already had it; the digest takes this command's
    /// cpHash and rpHash. A command without an audit session ends exclusivity, unless it is one
    /// that takes no sessions at all (Startup, ContextSave, ContextLoad, FlushContext).
    private func updateSessionAudit(
        entry: CommandEntry, sessions: [CommandSession], names: [[UInt8]],
        commandParameters: [UInt8], responseParameters: [UInt8]
    ) {
        guard let item = sessions.first(where: { $0.attributes.contains(.audit) }), let session = item.session else {
            if entry.allowsSessions { exclusiveAuditSession = nil }
            return
        }
        if !session.isAudit || item.attributes.contains(.auditReset) {
            // An audit session is not bound (the reference's InitAuditSession): from the next
            // command on, its HMACs include the entity's authValue. This response's HMAC is
            // still keyed as the command's was.
            session.isAudit = true
            session.dropBinding()
            session.auditDigest = [UInt8](repeating: 0, count: session.hash.digestSize)
            exclusiveAuditSession = session.handle
        } else if exclusiveAuditSession != session.handle {
            exclusiveAuditSession = nil
        }
        let cp = SessionHMAC.cpHash(session.hash, code: entry.code, names: names, parameters: commandParameters)
        let rp = SessionHMAC.rpHash(session.hash, code: entry.code, parameters: responseParameters)
        session.auditDigest = EngineCrypto.digest(session.hash, session.auditDigest + cp + rp)
    }

    /// Command audit (Part 1, "Command Audit"): an audited command extends the digest with its
    /// cpHash and rpHash in the audit hash, starting a new digest (and counting it) when there
    /// is none.
    private func recordCommandAudit(
        entry: CommandEntry, names: [[UInt8]], commandParameters: [UInt8], responseParameters: [UInt8]
    ) {
        guard isAudited(entry.code), let hash = permanent.auditHash.hashAlgorithm else { return }
        if commandAuditDigest.isEmpty {
            permanent.auditCounter &+= 1
            commandAuditDigest = [UInt8](repeating: 0, count: hash.digestSize)
        }
        let cp = SessionHMAC.cpHash(hash, code: entry.code, names: names, parameters: commandParameters)
        let rp = SessionHMAC.rpHash(hash, code: entry.code, parameters: responseParameters)
        commandAuditDigest = EngineCrypto.digest(hash, commandAuditDigest + cp + rp)
    }

    private func responseHMAC(
        _ item: CommandSession, session: AuthSession, entry: CommandEntry, attributes: UInt8, rpHash: [UInt8]
    ) -> [UInt8] {
        if session.type == .policy && session.policy.isPasswordNeeded { return [] }
        var key = session.sessionKey
        if let handle = item.associatedHandle, !(session.type == .policy && !session.policy.isAuthValueNeeded),
            !item.wasBound
        {
            key += currentAuth(handle, item)
        }
        // No key and no HMAC in the command: none in the response either (the reference's
        // ComputeResponseHMAC), for HMAC and policy sessions alike.
        if key.isEmpty && item.hmac.isEmpty { return [] }
        return SessionHMAC.response(
            session: session, key: key, rpHash: rpHash, nonceCaller: item.nonceCaller, attributes: attributes)
    }

    /// The entity's authValue now (it may have changed, as in HierarchyChangeAuth), or as it
    /// was when the command arrived if the command removed the entity.
    private func currentAuth(_ handle: TPMHandle, _ item: CommandSession) -> [UInt8] {
        (try? name(of: handle)) == nil ? item.requestAuth : trimmedAuth(authValue(of: handle))
    }
}
