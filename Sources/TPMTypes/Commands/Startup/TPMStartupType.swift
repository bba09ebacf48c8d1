/// TPM_SU (Part 2 §6.5): the startup and shutdown types.
public enum TPMStartupType: UInt16, Sendable, TPMConstant {
    case clear = 0x0000
    case state = 0x0001
}
