import TPM2

/// The manufacturer's provisioning station talking to a TPM the way swtpm_setup does: plain
/// commands over the device's command interface, each authorized by an empty password (the
/// hierarchies of a new TPM have no authValue yet).
struct ProvisioningLink {
    let device: TPMPlatform

    /// Sends `code` with `handles` (the first `authorized` of them get a password session) and
    /// returns the response's handle area and parameters. Any TPM_RC other than success throws.
    @discardableResult
    func send(_ code: TPMCommandCode, handles: [TPMHandle] = [], authorized: Int = 0,
              parameters: [UInt8] = []) throws(ProvisioningError) -> (handles: TPMReader, parameters: TPMReader) {
        var body = TPMWriter()
        for handle in handles { body.write(handle) }
        if authorized > 0 {
            var sessions = TPMWriter()
            for _ in 0..<authorized {
                sessions.write(TPMRH.password)
                sessions.writeSized([])          // nonceCaller
                sessions.write(UInt8(0))         // sessionAttributes
                sessions.writeSized([])          // hmac: the empty password
            }
            body.write(UInt32(sessions.bytes.count))
            body.write(bytes: sessions.bytes)
        }
        body.write(bytes: parameters)
        var command = TPMWriter()
        command.write(UInt16(authorized > 0 ? 0x8002 : 0x8001))  // TPM_ST_SESSIONS / TPM_ST_NO_SESSIONS
        command.write(UInt32(10 + body.bytes.count))
        command.write(code.rawValue)
        command.write(bytes: body.bytes)

        let response = device.execute(command.bytes, locality: 0)
        var reader = TPMReader(response)
        let responseCode: UInt32
        let tag: UInt16
        do throws(TPMError) {
            tag = try reader.read()
            _ = try reader.read(UInt32.self)
            responseCode = try reader.read()
        } catch {
            throw .malformedResponse(code)
        }
        guard responseCode == 0 else { throw .command(code, TPMResponseCode(rawValue: responseCode)) }
        do throws(TPMError) {
            let handleBytes = try reader.readBytes(4 * Self.responseHandleCount(code))
            guard tag == 0x8002 else { return (TPMReader(handleBytes), TPMReader(reader.readRest())) }
            let size: UInt32 = try reader.read()
            return (TPMReader(handleBytes), TPMReader(try reader.readBytes(Int(size))))
        } catch {
            throw .malformedResponse(code)
        }
    }

    /// Only CreatePrimary, of the commands a provisioning station sends, returns a handle.
    private static func responseHandleCount(_ code: TPMCommandCode) -> Int {
        code == .createPrimary ? 1 : 0
    }
}

/// Why provisioning stopped, as a sentence for people.
public enum ProvisioningError: Error, CustomStringConvertible, Equatable {
    case command(TPMCommandCode, TPMResponseCode)
    case malformedResponse(TPMCommandCode)
    case certificate(String)
    case store(String)

    public var description: String {
        switch self {
        case .command(let code, let rc):
            return "provisioning the endorsement keys failed: command \(code) answered \(rc); start from an empty --tpmstate folder"
        case .malformedResponse(let code):
            return "provisioning the endorsement keys failed: the TPM's answer to command \(code) could not be read"
        case .certificate(let reason):
            return "an endorsement key certificate could not be made: \(reason)"
        case .store(let reason):
            return "the emulated manufacturer CA could not be saved or read: \(reason)"
        }
    }
}
