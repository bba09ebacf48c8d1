import TPMTypes
import TrustCrypto

/// The protection of a TPMS_CONTEXT's blob (Part 1 §30.3):
///   contextBlob = TPM2B(integrity) || AES-256-CFB(payload)
///   key, iv     = KDFa(SHA-256, proof, "CONTEXT", sequence, handle, 256 + 128)
///   integrity   = HMAC-SHA-256(proof, resetValue || sequence || handle || hierarchy || encrypted)
/// where proof is the hierarchy's proof value and resetValue the resetCount for contexts that
/// a TPM Reset must invalidate (NULL hierarchy, sessions, sequences) and 0 otherwise.
/// The payload layout is ours (docs/STATE.md): objects carry their public and sensitive areas;
/// sessions and sequences stay inside the TPM and the payload names them.
enum ContextProtection {
    static func seal(
        _ payload: [UInt8], sequence: UInt64, handle: TPMHandle, hierarchy: TPMHandle, resetBound: Bool,
        tpm: TPMEngineState
    ) throws(TPMError) -> [UInt8] {
        let proof = tpm.proof(hierarchy)
        let (key, iv) = keys(proof: proof, sequence: sequence, handle: handle)
        let encrypted: [UInt8]
        do { encrypted = try SymmetricCipher.encrypt(.aes, mode: .cfb, key: key, iv: iv, data: payload).output } catch {
            throw TPMError(.failure)
        }
        let mac = integrity(
            proof: proof, resetValue: resetBound ? tpm.permanent.resetCount : 0, sequence: sequence,
            handle: handle, hierarchy: hierarchy, encrypted: encrypted)
        var w = TPMWriter()
        w.writeSized(mac)
        w.write(bytes: encrypted)
        return w.bytes
    }

    /// The payload, or TPM_RC_INTEGRITY when the blob was not made by this TPM for this
    /// sequence, handle and hierarchy (or a TPM Reset has since invalidated it).
    static func open(_ context: TPMContext, resetBound: Bool, tpm: TPMEngineState) throws(TPMError) -> [UInt8] {
        var reader = TPMReader(context.blob)
        let mac = try reader.readSized(max: TPMLimits.maxDigest)
        let encrypted = reader.readRest()
        let proof = tpm.proof(context.hierarchy)
        let expected = integrity(
            proof: proof, resetValue: resetBound ? tpm.permanent.resetCount : 0, sequence: context.sequence,
            handle: context.savedHandle, hierarchy: context.hierarchy, encrypted: encrypted)
        guard SecureBytes.equal(mac, expected) else { throw TPMError(.integrity) }
        let (key, iv) = keys(proof: proof, sequence: context.sequence, handle: context.savedHandle)
        do { return try SymmetricCipher.decrypt(.aes, mode: .cfb, key: key, iv: iv, data: encrypted).output } catch {
            throw TPMError(.integrity)
        }
    }

    private static func keys(proof: [UInt8], sequence: UInt64, handle: TPMHandle) -> ([UInt8], [UInt8]) {
        var seq = TPMWriter()
        seq.write(sequence)
        let material = EngineCrypto.kdfa(
            .sha256, key: proof, label: "CONTEXT", contextU: seq.bytes, contextV: handle.bigEndianBytes,
            bits: (32 + 16) * 8)
        return (Array(material.prefix(32)), Array(material.suffix(16)))
    }

    private static func integrity(
        proof: [UInt8], resetValue: UInt32, sequence: UInt64, handle: TPMHandle, hierarchy: TPMHandle,
        encrypted: [UInt8]
    ) -> [UInt8] {
        var w = TPMWriter()
        w.write(resetValue)
        w.write(sequence)
        w.write(handle)
        w.write(hierarchy)
        w.write(bytes: encrypted)
        return EngineCrypto.hmac(.sha256, key: proof, [w.bytes])
    }
}
