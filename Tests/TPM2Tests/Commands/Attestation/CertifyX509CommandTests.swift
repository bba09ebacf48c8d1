import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// CertifyX509 refusals the tpm2-tools parity test cannot reach: keys tpm2-tools 5.4 cannot
/// create, and the order in which the checks run.
@Suite struct CertifyX509CommandTests {
    static func certifyX509(object: TPMHandle, signer: TPMHandle, scheme: TPMScheme = .null, partial: [UInt8])
        -> [UInt8]
    {
        var w = TPMWriter()
        w.writeSized([])
        scheme.marshal(into: &w)
        w.writeSized(partial)
        return command(
            .certifyX509, handles: [object, signer], sessions: [.password(), .password()], parameters: w.bytes)
    }

    @Test("A BN P-256 key has no curve OID for SubjectPublicKeyInfo: TPM_RC_ASYMMETRIC on handle 1")
    func bnCurveObject() throws {
        let engine = try makeEngine()
        let signer = try engine.primary(in: TPMRH.owner)
        let (bnKey, _) = try ECDAASignTests.loadKey(engine, curve: .bnP256)
        let partial = PartialCertificateTests.sequence(try PartialCertificateTests.standard())
        #expect(responseCode(engine, Self.certifyX509(object: bnKey, signer: signer, partial: partial)) == 0x181)
        #expect(responseCode(engine, Self.certifyX509(object: signer, signer: signer, partial: partial)) == 0)
    }

    @Test("The signer is checked before the object and the partial certificate")
    func checkOrder() throws {
        let engine = try makeEngine()
        let signer = try engine.primary(in: TPMRH.owner)
        let (bnKey, _) = try ECDAASignTests.loadKey(engine, curve: .bnP256)
        // The ECDAA key is a signer without an X.509 AlgorithmIdentifier; the object is fine.
        let partial = PartialCertificateTests.sequence(try PartialCertificateTests.standard())
        #expect(
            responseCode(
                engine,
                Self.certifyX509(
                    object: signer, signer: bnKey, scheme: TPMScheme(.ecdaa, hash: .sha256),
                    partial: partial)) == 0x292)
        // A scheme unlike the signer's wins over a malformed partial certificate and an unencodable object.
        #expect(
            responseCode(
                engine,
                Self.certifyX509(
                    object: bnKey, signer: signer, scheme: TPMScheme(.ecdsa, hash: .sha384),
                    partial: [0x30, 0x00])) == 0x2D2)
    }
}
