import DeviceStore
import Foundation
import SwiftASN1
import TPM2
import TPMClient
import TPMTypes
import TrustCrypto
import X509

/// What a TPM vendor's factory does before the chip ships, done here to a newly manufactured
/// emulated TPM: make a manufacturer CA for this state, create each default EK, certify it, and
/// leave the certificate in its TCG NV index, platform-created and write-locked, with the
/// attributes swtpm_setup uses, so tpm2_getekcertificate reads it as from a real chip.
public enum EndorsementProvisioning {
    /// PLATFORMCREATE, AUTHREAD, OWNERREAD, PPREAD, PPWRITE, NO_DA, WRITEDEFINE: readable by
    /// anyone through the owner or the index, writable only by the platform until locked.
    static let certificateIndexAttributes: TPMNVAttributes = [
        .platformCreate, .authRead, .ownerRead, .ppRead, .ppWrite, .noDA, .writeDefine,
    ]

    /// NV_Write's data is at most MAX_NV_BUFFER_SIZE; 1024 is the PC Client minimum.
    static let writeChunk = 1024

    /// Provisions `device`, which must be powered off and freshly manufactured (its hierarchies
    /// still without authValues). Powers it on, runs Startup(CLEAR), writes the certificates,
    /// ends with Shutdown(CLEAR) and powers off again. The CA is saved in `store`.
    /// - Parameters:
    ///   - device: the emulated TPM to provision.
    ///   - store: the TPM state's store, where the CA goes in its `ek-ca` record.
    ///   - requested: the EKs to create and certify; nil for what the engine's profile lists
    ///     (`EndorsementKeyKind.kinds(for:)`), or `EndorsementKeyKind.defaults` for a device that
    ///     is not a TPMEngine.
    /// - Returns: each kind's EK certificate (DER), as written to its NV index.
    @discardableResult
    public static func provision(
        _ device: TPMPlatform, store: DeviceStore,
        kinds requested: [EndorsementKeyKind]? = nil
    )
        throws(ProvisioningError) -> [EndorsementKeyKind: [UInt8]]
    {
        var kinds = requested ?? EndorsementKeyKind.defaults
        if requested == nil, let engine = device as? TPMEngine {
            kinds = try EndorsementKeyKind.kinds(for: engine.profile)
        }
        let ca = try ManufacturerCA.create()
        do { try device.powerOn(deleteVolatile: true) } catch {
            throw .store("the TPM could not be powered on: \(error)")
        }
        defer { device.powerOff() }
        let link = TPMClient(device: device)
        try link.provisioning(Startup.self, handles: [], .init(.clear))
        let identity = try readIdentity(link)
        var issued: [EndorsementKeyKind: [UInt8]] = [:]
        for kind in kinds {
            let publicKey = try createEndorsementKey(kind, link: link)
            let certificate = try ca.issueEKCertificate(kind: kind, subjectPublicKeyInfo: publicKey, tpm: identity)
            try storeCertificate(certificate, at: kind.certificateIndex, link: link)
            issued[kind] = certificate
        }
        try link.provisioning(Shutdown.self, handles: [], .init(.clear))
        try ca.save(to: store)
        return issued
    }

    /// CreatePrimary under the endorsement hierarchy with the kind's template, as tpm2_createek
    /// does; the EK is flushed once its public area is read.
    static func createEndorsementKey(_ kind: EndorsementKeyKind, link: TPMClient) throws(ProvisioningError) -> [UInt8] {
        let ek = try link.provisioning(CreatePrimary.self, handles: [TPMRH.endorsement], .init(inPublic: kind.template))
        try link.provisioning(FlushContext.self, handles: [], .init(ek.objectHandle))
        return try subjectPublicKey(of: ek.outPublic, kind: kind)
    }

    /// The EK's SubjectPublicKeyInfo (DER), through TrustCrypto.
    static func subjectPublicKey(of publicArea: TPMPublic, kind: EndorsementKeyKind) throws(ProvisioningError)
        -> [UInt8]
    {
        do {
            let pem: String
            switch publicArea.unique {
            case .rsa(let modulus):
                pem = try RSA.PublicKey(modulus: modulus, exponent: 65537).pem()
            case .ecc(let point):
                pem = try ECC.PublicKey(
                    curve: kind == .eccSM2P256 ? .sm2P256 : .nistP256, point: ECCPoint(x: point.x, y: point.y)
                ).pem()
            case .digest:
                throw ProvisioningError.command(.malformedResponse(.createPrimary))
            }
            return try PEMDocument(pemString: pem).derBytes
        } catch let error as ProvisioningError {
            throw error
        } catch {
            throw .certificate("the \(kind.rawValue) EK public key: \(error)")
        }
    }

    /// NV_DefineSpace, NV_Write in chunks and NV_WriteLock, each with platform authorization.
    static func storeCertificate(_ der: [UInt8], at index: TPMHandle, link: TPMClient) throws(ProvisioningError) {
        let publicInfo = TPMNVPublic(
            index: index, nameAlg: .sha256, attributes: certificateIndexAttributes, authPolicy: [],
            dataSize: UInt16(der.count))
        try link.provisioning(NV_DefineSpace.self, handles: [TPMRH.platform], .init(auth: [], publicInfo: publicInfo))
        var offset = 0
        while offset < der.count {
            let chunk = Array(der[offset..<min(offset + writeChunk, der.count)])
            try link.provisioning(
                NV_Write.self, handles: [TPMRH.platform, index], .init(data: chunk, offset: UInt16(offset)))
            offset += chunk.count
        }
        try link.provisioning(NV_WriteLock.self, handles: [TPMRH.platform, index])
    }

    /// TPM_PT_MANUFACTURER (0x105) through TPM_PT_FIRMWARE_VERSION_1 (0x10B), plus level and
    /// revision (0x101, 0x102), from GetCapability(TPM_CAP_TPM_PROPERTIES).
    static func readIdentity(_ link: TPMClient) throws(ProvisioningError) -> TPMIdentity {
        let reported: [TPMTaggedProperty]
        do { reported = try link.tpmProperties(from: TPMPT.fixedFirst, count: 12) } catch { throw .command(error) }
        let properties = Dictionary(reported.map { ($0.property, $0.value) }) { first, _ in first }
        let vendorBytes = (TPMPT.vendorString1..<TPMPT.vendorString1 + 4).flatMap { property -> [UInt8] in
            let value = properties[property] ?? 0
            return [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        let model = String(decoding: vendorBytes.filter { $0 != 0 }, as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        return TPMIdentity(
            manufacturer: properties[TPMPT.manufacturer] ?? 0, model: model.isEmpty ? "TPM" : model,
            firmwareVersion: properties[TPMPT.firmwareVersion1] ?? 0,
            specLevel: properties[TPMPT.level] ?? 0, specRevision: properties[TPMPT.revision] ?? 0)
    }
}
