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
    @discardableResult
    /// `kinds` defaults to what the engine's profile lists (`EndorsementKeyKind.kinds(for:)`).
    public static func provision(_ device: TPMPlatform, store: DeviceStore,
                                 kinds requested: [EndorsementKeyKind]? = nil)
        throws(ProvisioningError) -> [EndorsementKeyKind: [UInt8]] {
        var kinds = requested ?? EndorsementKeyKind.defaults
        if requested == nil, let engine = device as? TPMEngine { kinds = try EndorsementKeyKind.kinds(for: engine.profile) }
        let ca = try ManufacturerCA.create()
        do { try device.powerOn(deleteVolatile: true) } catch { throw .store("the TPM could not be powered on: \(error)") }
        defer { device.powerOff() }
        let link = TPMClient(device: device)
        try link.provisioning(.startup, parameters: [0x00, 0x00])                           // TPM_SU_CLEAR
        let identity = try readIdentity(link)
        var issued: [EndorsementKeyKind: [UInt8]] = [:]
        for kind in kinds {
            let publicKey = try createEndorsementKey(kind, link: link)
            let certificate = try ca.issueEKCertificate(kind: kind, subjectPublicKeyInfo: publicKey, tpm: identity)
            try storeCertificate(certificate, at: kind.certificateIndex, link: link)
            issued[kind] = certificate
        }
        try link.provisioning(.shutdown, parameters: [0x00, 0x00])
        try ca.save(to: store)
        return issued
    }

    /// CreatePrimary under the endorsement hierarchy with the kind's template, as tpm2_createek
    /// does; the EK is flushed once its public area is read.
    static func createEndorsementKey(_ kind: EndorsementKeyKind, link: TPMClient) throws(ProvisioningError) -> [UInt8] {
        var parameters = TPMWriter()
        parameters.writeNested { sensitive in       // TPM2B_SENSITIVE_CREATE: no auth, no data
            sensitive.writeSized([])
            sensitive.writeSized([])
        }
        parameters.writeNested { $0.write(kind.template) }
        parameters.writeSized([])                    // outsideInfo
        parameters.write(UInt32(0))                  // creationPCR: no selection
        var reply = try link.provisioning(.createPrimary, handles: [TPMRH.endorsement], authorized: 1,
                                                parameters: parameters.bytes)
        let publicArea: TPMPublic?
        let handle: TPMHandle
        do throws(TPMError) {
            handle = try reply.handles.read()
            publicArea = try reply.parameters.readNested { reader throws(TPMError) in try TPMPublic(from: &reader) }
        } catch {
            throw .command(.malformedResponse(.createPrimary))
        }
        var flush = TPMWriter()
        flush.write(handle)
        try link.provisioning(.flushContext, parameters: flush.bytes)
        guard let publicArea else { throw .command(.malformedResponse(.createPrimary)) }
        return try subjectPublicKey(of: publicArea, kind: kind)
    }

    /// The EK's SubjectPublicKeyInfo (DER), through TrustCrypto.
    static func subjectPublicKey(of publicArea: TPMPublic, kind: EndorsementKeyKind) throws(ProvisioningError) -> [UInt8] {
        do {
            let pem: String
            switch publicArea.unique {
            case .rsa(let modulus):
                pem = try RSA.PublicKey(modulus: modulus, exponent: 65537).pem()
            case .ecc(let point):
                pem = try ECC.PublicKey(curve: kind == .eccSM2P256 ? .sm2P256 : .nistP256, point: ECCPoint(x: point.x, y: point.y)).pem()
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
        let publicInfo = TPMNVPublic(index: index, nameAlg: .sha256, attributes: certificateIndexAttributes, authPolicy: [],
                                     dataSize: UInt16(der.count))
        try link.provisioning(NV_DefineSpace.self, handles: [TPMRH.platform], .init(auth: [], publicInfo: publicInfo))
        var offset = 0
        while offset < der.count {
            let chunk = Array(der[offset..<min(offset + writeChunk, der.count)])
            try link.provisioning(NV_Write.self, handles: [TPMRH.platform, index], .init(data: chunk, offset: UInt16(offset)))
            offset += chunk.count
        }
        try link.provisioning(NV_WriteLock.self, handles: [TPMRH.platform, index])
    }

    /// TPM_PT_MANUFACTURER (0x105) through TPM_PT_FIRMWARE_VERSION_1 (0x10B), plus level and
    /// revision (0x101, 0x102), from GetCapability(TPM_CAP_TPM_PROPERTIES).
    static func readIdentity(_ link: TPMClient) throws(ProvisioningError) -> TPMIdentity {
        var request = TPMWriter()
        request.write(UInt32(6))                     // TPM_CAP_TPM_PROPERTIES
        request.write(UInt32(0x100))                 // PT_FIXED
        request.write(UInt32(12))
        var response = try link.provisioning(.getCapability, parameters: request.bytes).parameters
        var properties: [UInt32: UInt32] = [:]
        do throws(TPMError) {
            _ = try response.read(UInt8.self)        // moreData
            _ = try response.read(UInt32.self)       // capability
            let count: UInt32 = try response.read()
            for _ in 0..<count {
                let property: UInt32 = try response.read()
                properties[property] = try response.read()
            }
        } catch {
            throw .command(.malformedResponse(.getCapability))
        }
        let vendorBytes = (0x106...0x109).flatMap { property -> [UInt8] in
            let value = properties[UInt32(property)] ?? 0
            return [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        let model = String(decoding: vendorBytes.filter { $0 != 0 }, as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        return TPMIdentity(manufacturer: properties[0x105] ?? 0, model: model.isEmpty ? "TPM" : model,
                           firmwareVersion: properties[0x10B] ?? 0,
                           specLevel: properties[0x101] ?? 0, specRevision: properties[0x102] ?? 0)
    }
}
