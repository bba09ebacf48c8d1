/// TPMI_RH_HIERARCHY_AUTH: the hierarchies with an authValue and a policy.
let hierarchiesWithAuth: Set<TPMHandle> = [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.lockout]
