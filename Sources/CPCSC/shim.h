#ifndef TRUSTBENCH_CPCSC_SHIM_H
#define TRUSTBENCH_CPCSC_SHIM_H
/* pcsc-lite's PC/SC API, so the bench reaches any card in any reader pcscd serves.
 * SCARD_PCI_T0 and SCARD_PCI_T1 are macros taking the address of a global; this wrapper
 * gives Swift the protocol control information for the protocol a connection uses. */
#include <PCSC/winscard.h>
#include <PCSC/pcsclite.h>
#include <PCSC/reader.h>

static inline const SCARD_IO_REQUEST *tb_pcsc_pci(DWORD protocol) {
    return protocol == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
}
#endif
