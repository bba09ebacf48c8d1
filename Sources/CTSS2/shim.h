#ifndef TRUSTBENCH_CTSS2_SHIM_H
#define TRUSTBENCH_CTSS2_SHIM_H
/* libtss2's TCTI loader, so the bench reaches any TPM a TCTI string names
 * (device:/dev/tpmrm0, swtpm:..., mssim:..., tabrmd:...). The TCTI calls are
 * macros in tss2_tcti.h; these wrappers give Swift functions to call. */
#include <tss2/tss2_tctildr.h>
#include <tss2/tss2_tcti.h>

static inline TSS2_RC tb_tcti_transmit(TSS2_TCTI_CONTEXT *context, size_t size, const uint8_t *command) {
    return Tss2_Tcti_Transmit(context, size, command);
}

static inline TSS2_RC tb_tcti_receive(TSS2_TCTI_CONTEXT *context, size_t *size, uint8_t *response, int32_t timeout) {
    return Tss2_Tcti_Receive(context, size, response, timeout);
}
#endif
