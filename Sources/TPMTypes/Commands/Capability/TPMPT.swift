/// TPM_PT (Part 2 §6.13): the TPM properties clients read by name.
public enum TPMPT {
    public static let fixedFirst: UInt32 = 0x100
    public static let level: UInt32 = 0x101
    public static let revision: UInt32 = 0x102
    public static let manufacturer: UInt32 = 0x105
    /// TPM_PT_VENDOR_STRING_1; strings 2 to 4 follow it.
    public static let vendorString1: UInt32 = 0x106
    public static let firmwareVersion1: UInt32 = 0x10B
    public static let varFirst: UInt32 = 0x200
    /// TPM_PT_STARTUP_CLEAR: phEnable (bit 0), shEnable, ehEnable, phEnableNV, orderly (bit 31).
    public static let startupClear: UInt32 = 0x201
    public static let lockoutCounter: UInt32 = 0x20E
    public static let maxAuthFail: UInt32 = 0x20F
    public static let lockoutInterval: UInt32 = 0x210
    public static let lockoutRecovery: UInt32 = 0x211
}
