import DeviceStore
import Foundation
import Profiles
import SwiftASN1
import TPM2
import TPMClient
import TPMTypes
import Testing
import X509

@testable import Endorsement

/// Factory provisioning of an in-process TPM: the certificates, where they are kept, the CA
/// record, and the sentence a failure gives. openssl's view of the same certificates is in
/// IntegrationTests/TPMEndorsementToolsTests.swift.
@Suite("EK provisioning")
struct EndorsementProvisioningTests {
    static let profile: HardwareProfile = {
        do { return try ProfileLoader.load(ProfileLoader.defaultTPMName) } catch {
            preconditionFailure("the default TPM profile must load: \(error)")
        }
    }()

    /// A newly manufactured TPM, provisioned, powered off again.
    private func provisioned() throws -> (TPMEngine, MemoryStore, [EndorsementKeyKind: Certificate]) {
        let store = MemoryStore()
        let engine = try TPMEngine(profile: Self.profile, store: store)
        #expect(engine.isNewlyManufactured)
        let issued = try EndorsementProvisioning.provision(engine, store: store)
        #expect(!engine.isPoweredOn)
        return (engine, store, try issued.mapValues { try Certificate(derEncoded: $0) })
    }

    /// Powers the TPM on and starts it, as the server does after provisioning.
    private func started(_ engine: TPMEngine) throws -> TPMClient {
        try engine.powerOn(deleteVolatile: true)
        let link = TPMClient(device: engine)
        try link.provisioning(.startup, parameters: [0x00, 0x00])
        return link
    }

    @Test("Each certificate is signed by the state's CA and certifies the EK CreatePrimary makes from the TCG template")
    func certificatesMatchKeys() throws {
        let (engine, store, certificates) = try provisioned()
        let ca = try #require(try ManufacturerCA.load(from: store))
        let link = try started(engine)
        for kind in EndorsementKeyKind.defaults {
            let certificate = try #require(certificates[kind])
            #expect(ca.certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
            #expect(certificate.issuer == ca.certificate.subject)
            #expect(
                certificate.publicKey
                    == (try Certificate.PublicKey(
                        derEncoded: DER.parse(EndorsementProvisioning.createEndorsementKey(kind, link: link)))))
        }
        #expect(ca.certificate.publicKey.isValidSignature(ca.certificate.signature, for: ca.certificate), "self-signed")
    }

    @Test("The certificate indices hold the DER, platform-created and write-locked")
    func certificateIndices() throws {
        let (engine, _, certificates) = try provisioned()
        let link = try started(engine)
        for kind in EndorsementKeyKind.defaults {
            let der = try #require(certificates[kind]).serializeAsPEM().derBytes
            var response = try link.provisioning(.nvReadPublic, handles: [kind.certificateIndex]).parameters
            let nvPublic = try #require(
                try response.readNested { reader throws(TPMError) in try TPMNVPublic(from: &reader) })
            #expect(nvPublic.dataSize == der.count)
            #expect(
                nvPublic.attributes.isSuperset(
                    of: EndorsementProvisioning.certificateIndexAttributes.union([.written, .writeLocked])))

            var stored: [UInt8] = []
            while stored.count < der.count {
                var read = TPMWriter()
                read.write(UInt16(min(1024, der.count - stored.count)))
                read.write(UInt16(stored.count))
                var data = try link.provisioning(
                    .nvRead, handles: [TPMRH.owner, kind.certificateIndex], authorized: 1,
                    parameters: read.bytes
                ).parameters
                stored += try data.readSized(max: 1024)
            }
            #expect(stored == der)

            var write = TPMWriter()
            write.writeSized([0])
            write.write(UInt16(0))
            #expect(throws: ProvisioningError.command(.responseCode(.nvWrite, TPMResponseCode(rawValue: 0x148)))) {
                try link.provisioning(
                    .nvWrite, handles: [TPMRH.platform, kind.certificateIndex], authorized: 1, parameters: write.bytes)
            }
        }
    }

    @Test("The CA record reloads to the same key and certificate; a damaged record is a sentence")
    func caRecord() throws {
        let (_, store, _) = try provisioned()
        let ca = try #require(try ManufacturerCA.load(from: store))
        let again = try #require(try ManufacturerCA.load(from: store))
        #expect(again.certificate == ca.certificate)
        #expect(again.signingKey == ca.signingKey)
        #expect(try ManufacturerCA.load(from: MemoryStore()) == nil)

        try store.write(
            ManufacturerCA.record, Array("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n".utf8))
        #expect {
            _ = try ManufacturerCA.load(from: store)
        } throws: { error in
            (error as? ProvisioningError)?.description.contains("restore the state folder") == true
        }
    }

    @Test("subjectDirectoryAttributes carries tcg-at-tpmSpecification: family 2.0, the profile's level and revision")
    func specificationAttribute() throws {
        let identity = TPMIdentity(
            manufacturer: 0x5442_4348, model: "SW TPM", firmwareVersion: 0x0001_0000,
            specLevel: 0, specRevision: 159)
        let ext = try ManufacturerCA.tpmSpecificationAttribute(identity)
        #expect(ext.oid == [2, 5, 29, 9] && !ext.critical)
        let root = try DER.parse(ext.value)
        let (family, level, revision): (String, Int, Int) = try DER.sequence(root, identifier: .sequence) {
            attributes in
            try DER.sequence(attributes.next()!, identifier: .sequence) { attribute in
                #expect(try ASN1ObjectIdentifier(derEncoded: &attribute) == [2, 23, 133, 2, 16])
                return try DER.set(attribute.next()!, identifier: .set) { values in
                    try DER.sequence(values.next()!, identifier: .sequence) { fields in
                        (
                            String(try ASN1UTF8String(derEncoded: &fields)), try Int(derEncoded: &fields),
                            try Int(derEncoded: &fields)
                        )
                    }
                }
            }
        }
        #expect(family == "2.0" && level == 0 && revision == 159)
    }

    @Test("The identity comes from the TPM's properties: manufacturer, vendor strings, firmware version")
    func identityFromProperties() throws {
        let (engine, _, certificates) = try provisioned()
        let identity = try EndorsementProvisioning.readIdentity(try started(engine))
        #expect(identity.manufacturer == 0x5442_4348)  // "TBCH"
        #expect(identity.model == "SW   TPM")
        #expect(identity.firmwareVersion == 0x0001_0000)
        #expect(identity.specRevision == 159)
        let san = try #require(try certificates[.eccP256]?.extensions.subjectAlternativeNames)
        #expect(
            san.contains { name in
                guard case .directoryName(let dn) = name else { return false }
                return dn.description.contains("id:54424348")
            })
    }

    @Test("An endorsement hierarchy with an authValue cannot be provisioned: the sentence names the command and code")
    func provisioningNeedsEmptyAuth() throws {
        let store = MemoryStore()
        let engine = try TPMEngine(profile: Self.profile, store: store)
        let link = try started(engine)
        var newAuth = TPMWriter()
        newAuth.writeSized(Array("set by someone".utf8))
        try link.provisioning(
            .hierarchyChangeAuth, handles: [TPMRH.endorsement], authorized: 1, parameters: newAuth.bytes)
        engine.powerOff()
        #expect {
            try EndorsementProvisioning.provision(engine, store: store)
        } throws: { error in
            let text = (error as? ProvisioningError)?.description ?? ""
            return text.contains("0x131") && text.contains("0x9a2") && text.contains("empty --tpmstate folder")
        }
        #expect(try ManufacturerCA.load(from: store) == nil, "no CA is saved for a TPM that was not provisioned")
    }

    @Test(
        "A profile picks its EKs: none listed is the TCG pair, the TCM profile (by either name) the SM2 EK, an unknown name a sentence"
    )
    func kindsFromProfile() throws {
        #expect(try EndorsementKeyKind.kinds(for: Self.profile) == [.rsa2048, .eccP256])
        for name in ["generic-tcm2", "tcm2-generic"] {
            #expect(try EndorsementKeyKind.kinds(for: ProfileLoader.load(name)) == [.eccSM2P256])
        }
        var odd = Self.profile
        odd.tpm?.endorsementKeys = ["rsa1024"]
        #expect {
            try EndorsementKeyKind.kinds(for: odd)
        } throws: { error in
            ((error as? ProvisioningError)?.description ?? "").contains("use rsa2048, ecc_nist_p256 or ecc_sm2_p256")
        }
        #expect(EndorsementKeyKind.eccSM2P256.certificateIndex == 0x01C0_001A)
        #expect(EndorsementKeyKind.eccSM2P256.template.nameAlg == .sm3_256)
    }
}
