/// TPM_SE (Part 2 §6.11): the kind of session TPM2_StartAuthSession starts.
public enum TPMSessionType: UInt8, Sendable, TPMConstant {
    case hmac = 0x00
    case policy = 0x01
    case trial = 0x03
}
