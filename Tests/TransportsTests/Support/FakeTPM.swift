import Foundation
import TPM2
import TPMTypes

/// A TPMPlatform that records every call and answers commands with one fixed response.
final class FakeTPM: TPMPlatform, @unchecked Sendable {
    // Safe: `lock` guards calls, power and blobs; tests set the other vars before sending the call that reads them.
    enum Call: Equatable {
        case execute([UInt8], locality: UInt8)
        case powerOn(deleteVolatile: Bool)
        case powerOff
        case nvAvailable(Bool)
        case cancel(Bool)
        case physicalPresence(Bool)
        case resetEstablished(locality: UInt8)
        case hashStart
        case hashData([UInt8])
        case hashEnd
        case storeVolatile
        case stateBlob(TPMStateBlobKind)
        case setStateBlob(TPMStateBlobKind, [UInt8])
        case forceFailureMode
    }

    /// TPM_ST_NO_SESSIONS, 14 bytes, TPM_RC_SUCCESS, 4 bytes of payload.
    static let response: [UInt8] = [0x80, 0x01, 0, 0, 0, 14, 0, 0, 0, 0, 0xCA, 0xFE, 0xBA, 0xBE]

    private let lock = NSLock()
    private var recorded: [Call] = []
    private var poweredOn: Bool
    private var established: Bool
    private var blobs: [TPMStateBlobKind: [UInt8]]
    /// When set, execute() signals `executing` and then waits for `release`.
    private let gate: (executing: DispatchSemaphore, release: DispatchSemaphore)?

    var powerOnError: Error?
    var storeError: Error?
    var hashAccepted = true
    let maxBufferSize: Int

    init(
        poweredOn: Bool = true, established: Bool = false, maxBufferSize: Int = 4096,
        blobs: [TPMStateBlobKind: [UInt8]] = [:], gated: Bool = false
    ) {
        self.poweredOn = poweredOn
        self.established = established
        self.maxBufferSize = maxBufferSize
        self.blobs = blobs
        gate = gated ? (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)) : nil
    }

    var calls: [Call] { locked { recorded } }
    var executed: [Call] { calls.filter { if case .execute = $0 { return true } else { return false } } }

    func clearCalls() { locked { recorded = [] } }

    /// Blocks until a gated execute() has started.
    func waitUntilExecuting() -> Bool { gate?.executing.wait(timeout: .now() + 5) == .success }
    func releaseExecute() { gate?.release.signal() }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private func record(_ call: Call) { locked { recorded.append(call) } }

    func execute(_ command: [UInt8], locality: UInt8) -> [UInt8] {
        record(.execute(command, locality: locality))
        if let gate {
            gate.executing.signal()
            gate.release.wait()
        }
        return Self.response
    }

    func powerOn(deleteVolatile: Bool) throws {
        record(.powerOn(deleteVolatile: deleteVolatile))
        if let powerOnError { throw powerOnError }
        locked { poweredOn = true }
    }

    func powerOff() {
        record(.powerOff)
        locked { poweredOn = false }
    }

    var isPoweredOn: Bool { locked { poweredOn } }

    func setNVAvailable(_ available: Bool) { record(.nvAvailable(available)) }
    func setCancel(_ cancel: Bool) { record(.cancel(cancel)) }
    func setPhysicalPresence(_ asserted: Bool) { record(.physicalPresence(asserted)) }
    func forceFailureMode() { record(.forceFailureMode) }

    var tpmEstablished: Bool { locked { established } }

    func resetEstablished(locality: UInt8) -> Bool {
        record(.resetEstablished(locality: locality))
        guard locality == 3 || locality == 4 else { return false }
        locked { established = false }
        return true
    }

    func hashStart() -> Bool {
        record(.hashStart)
        return hashAccepted
    }

    func hashData(_ data: [UInt8]) -> Bool {
        record(.hashData(data))
        return hashAccepted
    }

    func hashEnd() -> Bool {
        record(.hashEnd)
        locked { established = true }
        return hashAccepted
    }

    func storeVolatile() throws {
        record(.storeVolatile)
        if let storeError { throw storeError }
    }

    func stateBlob(_ kind: TPMStateBlobKind) throws -> [UInt8] {
        record(.stateBlob(kind))
        guard let blob = locked({ blobs[kind] }) else { throw TPMPlatformError.storage("no \(kind) state") }
        return blob
    }

    func setStateBlob(_ kind: TPMStateBlobKind, _ blob: [UInt8]) throws {
        record(.setStateBlob(kind, blob))
        guard !isPoweredOn else { throw TPMPlatformError.wrongPowerState }
        guard blob.first != 0xFF else { throw TPMPlatformError.badBlob("corrupt") }
        locked { blobs[kind] = blob }
    }
}
