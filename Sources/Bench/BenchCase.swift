import Foundation
import TPM2
import TPMClient
import TPMTypes

/// One check of a suite: an id for reports, a title for people, the spec clause it checks,
/// what the target must allow, and the body.
public struct BenchCase: Sendable {
    public let id: String
    public let title: String
    public let clause: String
    public let needs: Set<Need>
    let body: @Sendable (CaseContext) throws -> Void

    /// Rights beyond a client's that some cases need; targets that lack one skip the case.
    public enum Need: String, Sendable {
        /// Platform authorization (TPM_RH_PLATFORM with an empty password; firmware keeps it on real machines).
        case platformAuthorization
        /// TPM2_Clear and lockout authorization: they wipe or change the owner's data.
        case clear
        /// Power-cycling the target.
        case restart
    }
}

/// A suite: named cases run in order.
public struct BenchSuite: Sendable {
    public let name: String
    public let cases: [BenchCase]
}

/// What a case body gets: the TPM, the target's name and rights, and a place to register
/// clean-up that runs whether the case passed or not, so a real TPM is left as it was.
final class CaseContext {
    let tpm: BenchTPM
    let target: BenchTarget
    /// The event log of everything measured since the target's last reset, when given.
    let eventLog: EventLog?
    private var cleanups: [() -> Void] = []

    init(tpm: BenchTPM, target: BenchTarget, eventLog: EventLog?) {
        self.tpm = tpm
        self.target = target
        self.eventLog = eventLog
    }

    /// Registers clean-up; the last registered runs first.
    func cleanup(_ action: @escaping () -> Void) { cleanups.append(action) }

    func runCleanups() {
        for action in cleanups.reversed() { action() }
        cleanups = []
    }

    /// A loaded key that is flushed when the case ends.
    func scoped(_ key: LoadedKey) -> LoadedKey {
        cleanup { [tpm] in tpm.flush(key.handle) }
        return key
    }

    func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw CaseFailure(message()) }
    }

    /// Expects `body` to fail with `code`; a success or another code fails the case. With
    /// `anyNumber`, a format-one code matches whatever handle, session or parameter it names
    /// (TPM versions differ there where the spec leaves it open).
    func expectCode(_ code: UInt32, anyNumber: Bool = false, _ what: String, _ body: () throws -> Void) throws {
        func matches(_ rc: UInt32) -> Bool {
            guard anyNumber, code & 0x80 != 0 else { return rc == code }
            return rc & 0x80 != 0 && rc & 0x3F == code & 0x3F
        }
        do {
            try body()
        } catch let failure as TPMCommandFailure {
            guard case .responseCode(_, let rc) = failure, matches(rc.rawValue) else {
                throw CaseFailure("\(what): expected 0x\(String(code, radix: 16)), got \(failure)")
            }
            return
        }
        throw CaseFailure("\(what) succeeded; expected 0x\(String(code, radix: 16))")
    }
}

/// A case found the TPM wrong.
public struct CaseFailure: Error, CustomStringConvertible {
    public let description: String
    /// A failure carrying its message.
    /// - Parameter description: what the TPM did wrong, for the report.
    public init(_ description: String) { self.description = description }
}

/// A case cannot run on this target; the reason goes into the report.
public struct CaseSkip: Error, CustomStringConvertible {
    public let description: String
    /// A skip carrying its reason.
    /// - Parameter description: why the case cannot run on this target, for the report.
    public init(_ description: String) { self.description = description }
}
