import TPMTypes

/// A client that speaks to a TPM in commands, as a driver on the host does: the
/// manufacturer's provisioning station, the tearing scenarios and the bench use it, so they
/// reach the TPM only through bytes a real client could send.
public struct TPMCommandLink {
    /// Carries one command to the TPM and brings back its whole response.
    public let transmit: ([UInt8]) -> [UInt8]

    public init(device: TPMPlatform) { transmit = { device.execute($0, locality: 0) } }

    /// A link through a path of the caller's (a fault injector between client and TPM).
    public init(transmit: @escaping ([UInt8]) -> [UInt8]) { self.transmit = transmit }

    /// What a successful command returned: its handle area and its parameters.
    public struct Reply {
        public var handles: TPMReader
        public var parameters: TPMReader
    }

    /// One entry of a command's authorization area.
    public enum Authorization {
        /// TPM_RS_PW with this password.
        case password([UInt8])
        /// A loaded HMAC or policy session: its nonceCaller, TPMA_SESSION and HMAC (empty for a
        /// policy session whose key and authValue are empty, which the TPM accepts).
        case session(TPMHandle, nonce: [UInt8] = [], attributes: UInt8 = 0x01, hmac: [UInt8] = [])
    }

    /// Sends `code` with `handles`; `passwords` authorize the first handles, one password
    /// session each (TPM_RS_PW). Any response code but success throws.
    @discardableResult
    public func send(_ code: TPMCommandCode, handles: [TPMHandle] = [], passwords: [[UInt8]] = [],
                     parameters: [UInt8] = []) throws(TPMCommandFailure) -> Reply {
        try send(code, handles: handles, authorizations: passwords.map { .password($0) }, parameters: parameters)
    }

    /// Sends `code` with `handles` and an authorization area of `authorizations`.
    @discardableResult
    public func send(_ code: TPMCommandCode, handles: [TPMHandle] = [], authorizations: [Authorization],
                     parameters: [UInt8] = []) throws(TPMCommandFailure) -> Reply {
        var body = TPMWriter()
        for handle in handles { body.write(handle) }
        if !authorizations.isEmpty {
            var sessions = TPMWriter()
            for authorization in authorizations {
                switch authorization {
                case .password(let password):
                    sessions.write(TPMRH.password)
                    sessions.writeSized([])          // nonceCaller
                    sessions.write(UInt8(0))         // sessionAttributes
                    sessions.writeSized(password)
                case .session(let handle, let nonce, let attributes, let hmac):
                    sessions.write(handle)
                    sessions.writeSized(nonce)
                    sessions.write(attributes)
                    sessions.writeSized(hmac)
                }
            }
            body.write(UInt32(sessions.bytes.count))
            body.write(bytes: sessions.bytes)
        }
        body.write(bytes: parameters)
        var command = TPMWriter()
        command.write(authorizations.isEmpty ? TPMStructureTag.noSessions : TPMStructureTag.sessions)
        command.write(UInt32(10 + body.bytes.count))
        command.write(code.rawValue)
        command.write(bytes: body.bytes)

        var reader = TPMReader([])
        var tag: UInt16 = 0, responseCode: UInt32 = 0
        // TPM_RC_RETRY, TPM_RC_YIELDED and TPM_RC_TESTING ask the caller to send the command
        // again, as libtss2 does (libtpms answers RETRY to the first DA-checked use after Startup).
        for _ in 0..<Self.retries {
            reader = TPMReader(transmit(command.bytes))
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
        do throws(TPMError) {
            let handleBytes = try reader.readBytes(4 * (Self.commandsReturningAHandle.contains(code) ? 1 : 0))
            guard tag == TPMStructureTag.sessions else {
                return Reply(handles: TPMReader(handleBytes), parameters: TPMReader(reader.readRest()))
            }
            let size: UInt32 = try reader.read()
            return Reply(handles: TPMReader(handleBytes), parameters: TPMReader(try reader.readBytes(Int(size))))
        } catch {
            throw .malformedResponse(code)
        }
    }

    static let retries = 8
    static let sendAgain: Set<UInt32> = [0x922, 0x908, 0x90A]

    /// The commands with a handle in their response area (Part 3).
    static let commandsReturningAHandle: Set<TPMCommandCode> = [
        .createPrimary, .load, .loadExternal, .startAuthSession, .createLoaded, .contextLoad,
        .hashSequenceStart, .hmacStart,
    ]
}

/// Why a command sent through a TPMCommandLink did not succeed.
public enum TPMCommandFailure: Error, Equatable, CustomStringConvertible {
    case responseCode(TPMCommandCode, TPMResponseCode)
    case malformedResponse(TPMCommandCode)

    public var description: String {
        switch self {
        case .responseCode(let code, let rc): return "\(code) answered \(rc)"
        case .malformedResponse(let code): return "the answer to \(code) could not be read"
        }
    }
}
