import TPMTypes

/// A client that speaks to a TPM in commands, as a driver on the host does: the
/// manufacturer's provisioning station, the tearing scenarios, the bench and the tests use it,
/// so they reach a TPM only through bytes a real client could send, over any transport.
///
/// `call` is typed by a command's description (TPMTypes): the parameters are marshalled and
/// the response unmarshalled from the same declaration the engine reads and writes them with.
public struct TPMClient {
    /// Carries one command to the TPM and brings back its whole response.
    public let transmit: ([UInt8]) -> [UInt8]

    /// A client of `device` at locality 0.
    /// - Parameter device: a TPM in this process (the emulator's engine).
    public init(device: TPMPlatform) { transmit = { device.execute($0, locality: 0) } }

    /// A client over a path of the caller's (a socket, a TCTI, a fault injector).
    /// - Parameter transmit: sends one command frame and returns the whole response frame (an
    ///   empty one when the path failed, which the client reports as a malformed response).
    public init(transmit: @escaping ([UInt8]) -> [UInt8]) { self.transmit = transmit }

    /// One entry of a command's authorization area.
    public enum Authorization {
        /// TPM_RS_PW with this password.
        case password([UInt8])
        /// A loaded HMAC or policy session: its nonceCaller, TPMA_SESSION and HMAC (empty for a
        /// policy session whose key and authValue are empty, which the TPM accepts).
        case session(TPMHandle, nonce: [UInt8] = [], attributes: UInt8 = 0x01, hmac: [UInt8] = [])
        /// A session the client keeps (`startSession`): its nonce and HMAC are computed, the
        /// first parameter encrypted (`.decrypt`) and the response's decrypted (`.encrypt`),
        /// and the response's HMAC checked. `authValue` is that of the entity the session
        /// authorizes, if it authorizes one.
        case authSession(TPMSession, authValue: [UInt8] = [], attributes: TPMSessionAttributes = [.continueSession])
    }

    /// Sends a command and returns its response.
    /// - Parameters:
    ///   - command: the command's description.
    ///   - handles: its handle area.
    ///   - parameters: its parameters.
    ///   - authorizations: its authorization area, one entry per authorized handle in order, then
    ///     sessions that only audit or encrypt.
    ///   - names: the handles' Names, for the cpHash of kept sessions; nil to ask the TPM
    ///     (`name(of:)`, a command per object or index) when a kept session needs them. Give
    ///     them when the extra commands would matter, as with an exclusive audit session.
    /// - Returns: the response, with a response handle in its handle field.
    /// - Throws: any response code but success; a response that does not parse, or whose
    ///   session HMAC is not the TPM's.
    @discardableResult
    public func call<Command: TPMCommandDescription>(
        _ command: Command.Type, handles: [TPMHandle] = [], _ parameters: Command.Parameters = .init(),
        authorizations: [Authorization] = [], names: [[UInt8]]? = nil
    ) throws(TPMCommandFailure) -> Command.Response {
        precondition(handles.count == Command.handles.count, "\(Command.name) takes \(Command.handles.count) handles")
        var reply = try exchange(
            Command.code, handles: handles, authorizations: authorizations, parameters: parameters.marshalled,
            returnsHandle: Command.returnsHandle, names: names)
        do throws(TPMError) {
            var response = try Command.Response(from: &reply.parameters)
            if let field = Command.Response.handleField { response[keyPath: field] = try reply.handles.read() }
            // A conformance bench takes no answer with bytes its description does not have.
            guard reply.parameters.isAtEnd, reply.handles.isAtEnd else { throw TPMError(.size) }
            return response
        } catch {
            throw .malformedResponse(Command.code)
        }
    }

    /// `call` with one password session (TPM_RS_PW) per entry of `passwords`, authorizing the
    /// first handles.
    /// - Parameters:
    ///   - command: the command's description.
    ///   - handles: its handle area.
    ///   - parameters: its parameters.
    ///   - passwords: the authValues of the authorized handles, in order.
    /// - Returns: the response, with a response handle in its handle field.
    @discardableResult
    public func call<Command: TPMCommandDescription>(
        _ command: Command.Type, handles: [TPMHandle] = [], _ parameters: Command.Parameters = .init(),
        passwords: [[UInt8]]
    ) throws(TPMCommandFailure) -> Command.Response {
        try call(command, handles: handles, parameters, authorizations: passwords.map { .password($0) })
    }

    /// What a successful command returned: its handle area and its parameters.
    public struct Reply {
        public var handles: TPMReader
        public var parameters: TPMReader
    }

    /// Sends `code` with `handles`; `passwords` authorize the first handles, one password
    /// session each (TPM_RS_PW). For commands not yet described in TPMTypes; any response
    /// code but success throws.
    /// - Parameters:
    ///   - code: the command code.
    ///   - handles: the handle area.
    ///   - passwords: the authValues of the authorized handles, in order.
    ///   - parameters: the marshalled parameters.
    /// - Returns: the response's handle area and parameters.
    @discardableResult
    public func send(
        _ code: TPMCommandCode, handles: [TPMHandle] = [], passwords: [[UInt8]] = [],
        parameters: [UInt8] = []
    ) throws(TPMCommandFailure) -> Reply {
        try send(code, handles: handles, authorizations: passwords.map { .password($0) }, parameters: parameters)
    }

    /// Sends `code` with `handles` and an authorization area of `authorizations`.
    /// - Parameters:
    ///   - code: the command code; kept sessions need it to be one TPMCommands describes.
    ///   - handles: the handle area.
    ///   - authorizations: the authorization area, as for `call`.
    ///   - parameters: the marshalled parameters.
    ///   - names: the handles' Names, as for `call`.
    /// - Returns: the response's handle area and parameters (the first decrypted if a kept
    ///   session asked it).
    @discardableResult
    public func send(
        _ code: TPMCommandCode, handles: [TPMHandle] = [], authorizations: [Authorization],
        parameters: [UInt8] = [], names: [[UInt8]]? = nil
    ) throws(TPMCommandFailure) -> Reply {
        try exchange(
            code, handles: handles, authorizations: authorizations, parameters: parameters,
            returnsHandle: TPMCommandCode.returningAHandle.contains(code), names: names)
    }

    private func exchange(
        _ code: TPMCommandCode, handles: [TPMHandle], authorizations: [Authorization],
        parameters: [UInt8], returnsHandle: Bool, names: [[UInt8]]?
    ) throws(TPMCommandFailure) -> Reply {
        var sessions: SessionExchange?
        if authorizations.contains(where: \.isKeptSession) {
            var resolved: [[UInt8]] = []
            if let names {
                resolved = names
            } else {
                for handle in handles { resolved.append(try name(of: handle)) }
            }
            sessions = try SessionExchange(
                code, handles: handles, names: resolved, authorizations: authorizations, parameters: parameters)
        }
        let command = Self.frame(
            code, handles: handles, authorizations: sessions?.authorizations ?? authorizations,
            parameters: sessions?.parameters ?? parameters)
        var reader = TPMReader([])
        var tag: UInt16 = 0
        var responseCode: UInt32 = 0
        // TPM_RC_RETRY, TPM_RC_YIELDED and TPM_RC_TESTING ask the caller to send the command
        // again, as libtss2 does (libtpms answers RETRY to the first DA-checked use after Startup).
        for _ in 0..<Self.retries {
            reader = TPMReader(transmit(command))
            do throws(TPMError) {
                tag = try reader.read()
                _ = try reader.read(UInt32.self)
                responseCode = try reader.read()
            } catch {
                throw .malformedResponse(code)
            }
            guard Self.sendAgain.contains(responseCode) else { break }
        }
        guard responseCode == 0 else { throw .responseCode(code, TPMResponseCode(rawValue: responseCode)) }
        let handleBytes: [UInt8]
        let responseParameters: [UInt8]
        do throws(TPMError) {
            handleBytes = try reader.readBytes(returnsHandle ? 4 : 0)
            if tag == TPMStructureTag.sessions {
                responseParameters = try reader.readBytes(Int(try reader.read(UInt32.self)))
            } else {
                responseParameters = reader.readRest()
            }
        } catch {
            throw .malformedResponse(code)
        }
        guard let sessions else {
            return Reply(handles: TPMReader(handleBytes), parameters: TPMReader(responseParameters))
        }
        // A kept session always makes the command TPM_ST_SESSIONS, and so its response.
        guard tag == TPMStructureTag.sessions else { throw .malformedResponse(code) }
        let clear = try sessions.accept(parameters: responseParameters, sessionArea: &reader)
        return Reply(handles: TPMReader(handleBytes), parameters: TPMReader(clear))
    }

    /// The bytes of `command` with `handles`, `parameters` and `authorizations`, for callers
    /// that send frames themselves (a benchmark's byte-identical stream, a fault injector).
    /// Kept sessions (`.authSession`) need `call` or `send`, which compute their HMACs.
    /// - Parameters:
    ///   - command: the command's description.
    ///   - handles: its handle area.
    ///   - parameters: its parameters.
    ///   - authorizations: password or raw session entries.
    /// - Returns: the command frame.
    public static func frame<Command: TPMCommandDescription>(
        _ command: Command.Type, handles: [TPMHandle] = [], _ parameters: Command.Parameters = .init(),
        authorizations: [Authorization] = []
    ) -> [UInt8] {
        frame(Command.code, handles: handles, authorizations: authorizations, parameters: parameters.marshalled)
    }

    /// The command frame: header, handles, the authorization area when there is one, parameters.
    /// - Parameters:
    ///   - code: the command code.
    ///   - handles: the handle area.
    ///   - authorizations: password or raw session entries (not kept sessions).
    ///   - parameters: the marshalled parameters.
    /// - Returns: the command frame, its size field set.
    public static func frame(
        _ code: TPMCommandCode, handles: [TPMHandle] = [], authorizations: [Authorization] = [],
        parameters: [UInt8] = []
    ) -> [UInt8] {
        var body = TPMWriter()
        for handle in handles { body.write(handle) }
        if !authorizations.isEmpty {
            var sessions = TPMWriter()
            for authorization in authorizations {
                switch authorization {
                case .password(let password):
                    sessions.write(TPMRH.password)
                    sessions.writeSized([])  // nonceCaller
                    sessions.write(UInt8(0))  // sessionAttributes
                    sessions.writeSized(password)
                case .session(let handle, let nonce, let attributes, let hmac):
                    sessions.write(handle)
                    sessions.writeSized(nonce)
                    sessions.write(attributes)
                    sessions.writeSized(hmac)
                case .authSession(let session, _, _):
                    preconditionFailure(
                        "session 0x\(String(session.handle, radix: 16)): a kept session's HMAC needs call or send")
                }
            }
            body.write(UInt32(sessions.bytes.count))
            body.write(bytes: sessions.bytes)
        }
        body.write(bytes: parameters)
        var command = TPMWriter()
        command.write(authorizations.isEmpty ? TPMStructureTag.noSessions : TPMStructureTag.sessions)
        command.write(UInt32(TPMFrame.headerSize + body.bytes.count))
        command.write(code.rawValue)
        command.write(bytes: body.bytes)
        return command.bytes
    }

    static let retries = 8
    static let sendAgain: Set<UInt32> = [
        TPMResponseCode.retry.rawValue, TPMResponseCode.yielded.rawValue, TPMResponseCode.testing.rawValue,
    ]
}

/// Why a command sent through a TPMClient did not succeed.
public enum TPMCommandFailure: Error, Equatable, CustomStringConvertible {
    /// The TPM answered with this response code.
    case responseCode(TPMCommandCode, TPMResponseCode)
    /// The response does not parse as the command's response.
    case malformedResponse(TPMCommandCode)
    /// The response's HMAC for the session at this position (from 1) is not the one its
    /// key gives: the answer did not come from the TPM that holds the session, or was changed.
    case notAuthentic(TPMCommandCode, session: Int)
    /// The client could not do its part: prepare the command (a salt, a key, an HMAC, the
    /// handles a session needs) or work out its answer; the sentence says why.
    case clientFailure(TPMCommandCode, String)

    public var description: String {
        switch self {
        case .responseCode(let code, let rc): return "\(code) answered \(rc)"
        case .malformedResponse(let code): return "the answer to \(code) could not be read"
        case .notAuthentic(let code, let session):
            return "the answer to \(code) is not authentic: session \(session)'s response HMAC does not match"
        case .clientFailure(let code, let reason): return "the client failed at \(code): \(reason)"
        }
    }
}
