import Profiles
import TPMTypes

/// Why the TPM entered failure mode: the reference's FATAL_ERROR_* codes (TpmError.h), which
/// TPM2_GetTestResult reports in failure mode.
enum FatalError: UInt32, Sendable {
    /// A cryptographic operation failed where it cannot (EngineCrypto).
    case crypto = 7
    /// The store refused a command's commit (the reference's ExecuteCommand answers a
    /// failed NvCommit with FATAL_ERROR_INTERNAL).
    case internalError = 3
    /// The simulator's TEST_FAILURE_MODE signal, spent by the next self-test.
    case forced = 666
}

/// Failure mode (Part 1, "Failure Mode"; the reference's TpmFailureMode in TpmFail.c):
/// after a fatal error the TPM answers only TPM2_GetTestResult, with the error, and
/// TPM2_GetCapability for one fixed TPM property at a time; everything else is TPM_RC_FAILURE.
/// Only _TPM_Init (a power cycle) leaves it.
enum FailureMode {
    /// The answer to `command` in failure mode, judged from the header's fields as the
    /// reference does (its size field, not the bytes received).
    static func respond(to command: [UInt8], cause: FatalError, profile: HardwareProfile.TPMSection) -> [UInt8] {
        var reader = TPMReader(command)
        guard let tag: UInt16 = try? reader.read(), let size: UInt32 = try? reader.read(),
            let code: UInt32 = try? reader.read(),
            tag == TPMStructureTag.noSessions, size >= 10
        else { return failure }
        var w = TPMWriter()
        switch code {
        case TPMCommandCode.getTestResult.rawValue:
            guard size == 10 else { return failure }
            // outData: function, line and code of the failure (ours has no function or line).
            w.write(UInt16(12))
            w.write(UInt32(0))
            w.write(UInt32(0))
            w.write(cause.rawValue)
            // testResult: the reference's TPM_RC_NV_UNINITIALIZED belongs to
            // FATAL_ERROR_NV_UNRECOVERABLE, which we never enter (a store that cannot be read
            // refuses power-on instead).
            w.write(TPMResponseCode.failure.rawValue)
        case TPMCommandCode.getCapability.rawValue:
            guard size == 22, let capability: UInt32 = try? reader.read(), capability == tpmProperties,
                var property: UInt32 = try? reader.read(), var count: UInt32 = try? reader.read()
            else { return failure }
            if count > 0 { count = 1 } else if property > firmwareVersion2 { count = 0 }
            if property < manufacturer { property = manufacturer }
            w.write(UInt8(property < firmwareVersion2 ? 1 : 0))  // moreData
            w.write(capability)
            w.write(count)
            w.write(property)
            if count > 0 { w.write(value(of: property, profile)) }
        default:
            return failure
        }
        var response = TPMWriter()
        response.write(TPMStructureTag.noSessions)
        response.write(UInt32(10 + w.bytes.count))
        response.write(TPMResponseCode.success.rawValue)
        return response.bytes + w.bytes
    }

    /// TPM_RC_FAILURE with no parameters.
    static var failure: [UInt8] { TPMFrame.errorResponse(.failure) }

    private static let tpmProperties: UInt32 = 6  // TPM_CAP_TPM_PROPERTIES
    private static let manufacturer: UInt32 = 0x105  // TPM_PT_MANUFACTURER
    private static let firmwareVersion2: UInt32 = 0x10C  // TPM_PT_FIRMWARE_VERSION_2

    /// TPM_PT_MANUFACTURER through TPM_PT_FIRMWARE_VERSION_2; any later property reads as the
    /// second firmware word, as in the reference's switch.
    private static func value(of property: UInt32, _ profile: HardwareProfile.TPMSection) -> UInt32 {
        switch property {
        case manufacturer: return TPMProperty.characters(profile.manufacturer)
        case 0x106...0x109:
            let index = Int(property - 0x106)
            return index < profile.vendorStrings.count ? TPMProperty.characters(profile.vendorStrings[index]) : 0
        case 0x10A: return profile.vendorTPMType
        case 0x10B: return profile.firmwareVersion.first ?? 0
        default: return profile.firmwareVersion.count > 1 ? profile.firmwareVersion[1] : 0
        }
    }
}
