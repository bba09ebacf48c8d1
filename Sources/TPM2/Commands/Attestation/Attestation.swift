import TPMTypes
import TrustCrypto

/// TPMS_ATTEST (Part 2 §10.12.12) and how the attestation commands sign it (Part 3 §18.1):
/// the TPM builds the structure itself, starting with TPM_GENERATED_VALUE, so a restricted
/// key's signature over it proves the TPM produced it.
enum Attestation {
    /// The signing side of an attestation command: a key, or TPM_RH_NULL for an unsigned
    /// structure, and the scheme the caller asked for.
    struct Signer {
        var handle: TPMHandle
        /// Which handle of its command the key is, and which parameter the scheme: for errors.
        var handleNumber: Int
        var scheme: TPMScheme
        var schemeParameter: Int
    }

    /// A signing key checked and its scheme chosen, ready to sign.
    struct Signing {
        var key: TPMObject
        var scheme: TPMScheme
        var hash: HashAlgorithm
        /// An anonymous scheme (ECDAA) leaves out Names that would identify the signer (Part 3 §18.2).
        var isAnonymous: Bool { scheme.algorithm == .ecdaa }
    }

    /// Builds and signs the structure. `attested` writes the TPMU_ATTEST member for `type`.
    static func sign(
        type: UInt16, signer: Signer, qualifyingData: [UInt8], tpm: TPMEngineState,
        attested: (inout TPMWriter) -> Void
    ) throws(TPMError) -> (attest: [UInt8], signature: TPMSignature) {
        try sign(
            type: type, signing: signer.resolve(on: tpm), qualifyingData: qualifyingData, tpm: tpm, attested: attested)
    }

    /// The same, for a command that needed the signing scheme first (its hash enters the
    /// attested data); nil signs nothing (TPM_RH_NULL).
    static func sign(
        type: UInt16, signing: Signing?, qualifyingData: [UInt8], tpm: TPMEngineState,
        attested: (inout TPMWriter) -> Void
    ) throws(TPMError) -> (attest: [UInt8], signature: TPMSignature) {
        let key = signing?.key
        var w = TPMWriter()
        w.write(bytes: HashCommand.generatedValue)
        w.write(type)
        if let signing {
            w.writeSized(signing.isAnonymous ? [] : signing.key.qualifiedName)
        } else {
            w.writeSized(TPMRH.null.bigEndianBytes)
        }
        w.writeSized(qualifyingData)
        let (clockInfo, firmwareVersion) = privacyFields(for: key, tpm: tpm)
        w.write(bytes: clockInfo)
        w.write(firmwareVersion)
        attested(&w)
        let attest = w.bytes

        guard let signing else { return (attest, .null) }
        return (
            attest,
            try SignatureSchemes.sign(
                digest: EngineCrypto.digest(signing.hash, attest), key: signing.key, scheme: signing.scheme, on: tpm)
        )
    }

    /// Clock information and firmware version. Outside the endorsement and platform
    /// hierarchies, resetCount, restartCount and firmwareVersion are offset by KDFa(shProof,
    /// "OBFUSCATE", signer's Name) so that attestations from the storage hierarchy cannot be
    /// correlated with the TPM's boot history (Part 3 §18.1).
    static func privacyFields(for key: TPMObject?, tpm: TPMEngineState) -> ([UInt8], UInt64) {
        var resetCount = tpm.permanent.resetCount
        var restartCount = tpm.permanent.restartCount
        var firmware = firmwareVersion(tpm)
        if let key, key.hierarchy != TPMRH.endorsement && key.hierarchy != TPMRH.platform {
            let mask = EngineCrypto.kdfa(
                .sha256, key: tpm.permanent.ownerProof, label: "OBFUSCATE", contextU: key.name, contextV: [], bits: 128)
            let high = mask.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = mask.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            firmware &+= high
            resetCount &+= UInt32(truncatingIfNeeded: low >> 32)
            restartCount &+= UInt32(truncatingIfNeeded: low)
        }
        var w = TPMWriter()
        w.write(tpm.clock)
        w.write(resetCount)
        w.write(restartCount)
        w.write(UInt8(tpm.clockSafe ? 1 : 0))
        return (w.bytes, firmware)
    }

    /// The profile's firmware version as TPM_PT_FIRMWARE_VERSION_1 || _2.
    static func firmwareVersion(_ tpm: TPMEngineState) -> UInt64 {
        let parts = tpm.config.profile.firmwareVersion
        return UInt64(parts.first ?? 0) << 32 | UInt64(parts.count > 1 ? parts[1] : 0)
    }
}

extension Attestation.Signer {
    /// Checks the key (a signing key with its secret: TPM_RC_KEY on its handle) and resolves
    /// the scheme (TPM_RC_SCHEME / _HASH on the scheme parameter); nil for TPM_RH_NULL.
    func resolve(on tpm: TPMEngineState) throws(TPMError) -> Attestation.Signing? {
        guard handle != TPMRH.null else { return nil }
        let object = try TPMError.attributing(.handle(handleNumber)) { () throws(TPMError) in try tpm.object(handle) }
        guard object.attributes.contains(.sign), object.sensitive != nil else {
            throw TPMError(.key, .handle(handleNumber))
        }
        let resolved = try TPMError.attributing(.parameter(schemeParameter)) { () throws(TPMError) in
            try SignatureSchemes.resolve(key: object, requested: scheme)
        }
        guard let hash = tpm.admittedHash(resolved.hash) else { throw TPMError(.hash, .parameter(schemeParameter)) }
        return Attestation.Signing(key: object, scheme: resolved, hash: hash)
    }
}
