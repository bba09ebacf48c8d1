import TPMTypes

/// A TPMI_DH_PCR+ handle's PCR number; nil for TPM_RH_NULL. The dispatcher has checked the
/// handle is one or the other, and the PCR one this TPM has.
func pcrNumber(_ handle: TPMHandle) -> Int? {
    handle == TPMRH.null ? nil : Int(handle)
}
