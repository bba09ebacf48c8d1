/// A client that speaks to a TPMPlatform in commands, as a driver on the host does: the
/// manufacturer's provisioning station and the tearing scenarios use it, so they reach the
/// TPM only through bytes a real client could send.
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

    /// Sends `code` with `handles`; `passwords` authorize the first handles, one password
    /// session each (TPM_RS_PW). Any response code but success throws.
    @discardableResult
    public func send(_ code: TPMCommandCode, handles: [TPMHandle] = [], passwords: [[UInt8]] = [],
                     parameters: [UInt8] = []) throws(TPMCommandFailure) -> Reply {
        var body = TPMWriter()
        for handle in handles { body.write(handle) }
        if !passwords.isEmpty {
            var sessions = TPMWriter()
            for password in passwords {
                sessions.write(TPMRH.password)
                sessions.writeSized([])          // nonceCaller
                sessions.write(UInt8(0))         // sessionAttributes
                sessions.writeSized(password)
            }
            body.write(UInt32(sessions.bytes.count))
            body.write(bytes: sessions.bytes)
        }
        body.write(bytes: parameters)
        var command = TPMWriter()
        command.write(passwords.isEmpty ? TPMStructureTag.noSessions : TPMStructureTag.sessions)
        command.write(UInt32(10 + body.bytes.count))
        command.write(code.rawValue)
        command.write(bytes: body.bytes)

        var reader = TPMReader(transmit(command.bytes))
        let tag: UInt16, responseCode: UInt32
        do throws(TPMError) {
            tag = try reader.read()
            _ = try reader.read(UInt32.self)
            responseCode = try reader.read()
        } catch {
            throw .malformedResponse(code)
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
