import TPM2
import TPMClient
import TPMTypes

/// Why provisioning stopped, as a sentence for people.
public enum ProvisioningError: Error, CustomStringConvertible, Equatable {
    case command(TPMCommandFailure)
    case certificate(String)
    case store(String)

    public var description: String {
        switch self {
        case .command(let failure):
            return "provisioning the endorsement keys failed: \(failure); start from an empty --tpmstate folder"
        case .certificate(let reason):
            return "an endorsement key certificate could not be made: \(reason)"
        case .store(let reason):
            return "the emulated manufacturer CA could not be saved or read: \(reason)"
        }
    }
}

extension TPMClient {
    /// Calls a provisioning command with an empty password for each handle that needs
    /// authorization (a new TPM's); a failure becomes a ProvisioningError.
    @discardableResult
    func provisioning<Command: TPMCommandDescription>(
        _ command: Command.Type, handles: [TPMHandle],
        _ parameters: Command.Parameters = .init()
    ) throws(ProvisioningError) -> Command.Response {
        let authorized = Command.handles.filter { $0.role != .none }.count
        do {
            return try call(command, handles: handles, parameters, passwords: Array(repeating: [], count: authorized))
        } catch { throw .command(error) }
    }

    /// Sends a provisioning command; a failure becomes a ProvisioningError.
    @discardableResult
    func provisioning(
        _ code: TPMCommandCode, handles: [TPMHandle] = [], authorized: Int = 0,
        parameters: [UInt8] = []
    ) throws(ProvisioningError) -> Reply {
        do {
            return try send(
                code, handles: handles, passwords: Array(repeating: [], count: authorized), parameters: parameters)
        } catch { throw .command(error) }
    }
}
