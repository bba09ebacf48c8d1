import TPMTypes
import Testing

@testable import TPM2

/// Byte layouts written out from the Part 2 tables, so a symmetric mistake in both marshal
/// and unmarshal (which a round trip cannot see) still shows.
@Suite("Known byte layouts (Part 2)")
struct KnownLayoutTests {
    /// TPM2B_PUBLIC as `tpm2_createprimary -C o` sends it (RSA-2048 storage key, AES-128-CFB,
    /// attributes 0x00030072); its Name is TPM_ALG_SHA256 || SHA-256 of the 26-byte TPMT_PUBLIC,
    /// computed outside this code base.
    @Test("TPMT_PUBLIC: the RSA storage template tpm2-tools sends")
    func rsaTemplate() throws {
        let wire = hex(
            """
            001a
            0001 000b 00030072 0000
            0006 0080 0043  0010  0800 00000000
            0000
            """)
        var w = TPMWriter()
        Templates.rsaStorage.marshalSized(into: &w)
        #expect(w.bytes == wire)

        var r = TPMReader(wire)
        let decoded = try TPMPublic(sizedFrom: &r)
        #expect(decoded == Templates.rsaStorage)
        #expect(decoded.attributes.rawValue == 0x0003_0072)
        #expect(decoded.isStorageParent)
        #expect(decoded.name == hex("000b 726dfd8203d5ecdeb156cbd324328258a14d2e15caf37f62084eb80a4705ee92"))
    }

    @Test("TPMT_PUBLIC: an ECC P-256 ECDSA signing template")
    func eccTemplate() throws {
        let wire = hex(
            """
            0023 000b 00040072 0000
            0010  0018 000b  0003  0010
            0000 0000
            """)
        #expect(Templates.eccSigning.marshalled == wire)
        #expect(try TPMPublic(exactly: wire) == Templates.eccSigning)
        #expect(
            Templates.eccSigning.name == hex("000b 195095a511cba4a813c1751cefdc1502e7c23c94e5f5b0e957f612f4ef2cc103"))
    }

    /// TPML_PCR_SELECTION: count, then per bank hash, sizeofSelect and a bitmap where PCR n is
    /// bit n % 8 of octet n / 8.
    @Test("TPML_PCR_SELECTION: SHA-256 PCRs 0-2 and SHA-1 PCR 7, then PCR 23")
    func pcrSelection() throws {
        let list = TPMPCRSelectionList([
            TPMPCRSelection(hash: .sha256, pcrs: [0, 1, 2]), TPMPCRSelection(hash: .sha1, pcrs: [7]),
        ])
        let wire = hex("00000002  000b 03 070000  0004 03 800000")
        #expect(list.marshalled == wire)
        #expect(try TPMPCRSelectionList(exactly: wire) == list)

        let last = TPMPCRSelection(hash: .sha256, pcrs: [23])
        #expect(last.marshalled == hex("000b 03 000080"))
        #expect(last.pcrs == [23])
        #expect(last.contains(23) && !last.contains(22) && !last.contains(24))
    }

    @Test("TPMT_SIGNATURE: RSASSA, ECDSA, HMAC and NULL")
    func signatures() throws {
        let modulusSized = Samples.bytes(256)
        let rsassa = TPMSignature(algorithm: .rsassa, body: .rsa(hash: .sha256, signature: modulusSized))
        #expect(rsassa.marshalled == hex("0014 000b 0100") + modulusSized)

        let r = Samples.bytes(32)
        let s = Samples.bytes(32, from: 0x40)
        let ecdsa = TPMSignature(algorithm: .ecdsa, body: .ecc(hash: .sha256, r: r, s: s))
        let ecdsaWire = hex("0018 000b 0020") + r + hex("0020") + s
        #expect(ecdsa.marshalled == ecdsaWire)
        #expect(try TPMSignature(exactly: ecdsaWire) == ecdsa)

        // TPMT_HA: no size prefix, the hash fixes the length.
        let mac = Samples.bytes(32)
        #expect(
            TPMSignature(algorithm: .hmac, body: .hmac(hash: .sha256, digest: mac)).marshalled == hex("0005 000b") + mac
        )
        #expect(TPMSignature.null.marshalled == hex("0010"))
        #expect(rsassa.hash == .sha256 && ecdsa.hash == .sha256 && TPMSignature.null.hash == .null)
    }

    /// The NULL ticket Hash returns for TPM-generated data (Part 3 §15.4) and a real one.
    @Test("TPMT_TK_HASHCHECK and TPMT_TK_CREATION")
    func tickets() throws {
        #expect(TPMTicket.null(TPMStructureTag.hashcheck).marshalled == hex("8024 40000007 0000"))
        let digest = Samples.bytes(32)
        let creation = TPMTicket(tag: TPMStructureTag.creation, hierarchy: TPMRH.owner, digest: digest)
        let wire = hex("8021 40000001 0020") + digest
        #expect(creation.marshalled == wire)
        var reader = TPMReader(wire)
        #expect(try TPMTicket(from: &reader, accepting: [TPMStructureTag.creation]) == creation)
    }

    /// An ordinary index as `tpm2_nvdefine -C o -s 32 -a "ownerread|ownerwrite|authread|authwrite"` defines it.
    @Test("TPMS_NV_PUBLIC")
    func nvPublic() throws {
        let value = TPMNVPublic(
            index: 0x0150_0000, nameAlg: .sha256, attributes: [.ownerWrite, .authWrite, .ownerRead, .authRead],
            authPolicy: [], dataSize: 32)
        let wire = hex("01500000 000b 00060006 0000 0020")
        #expect(value.marshalled == wire)
        #expect(try TPMNVPublic(exactly: wire) == value)
        #expect(value.attributes.type == .ordinary)
        #expect(TPMNVAttributes(rawValue: 0x10).type == .counter)
        #expect(TPMNVAttributes(rawValue: 0x30).type == nil)
    }

    @Test("TPMS_SENSITIVE_CREATE inside TPM2B_SENSITIVE_CREATE")
    func sensitiveCreate() throws {
        let value = TPMSensitiveCreate(userAuth: Array("abc".utf8))
        let wire = hex("0007  0003 616263  0000")
        var w = TPMWriter()
        w.writeNested { value.marshal(into: &$0) }
        #expect(w.bytes == wire)
        var r = TPMReader(wire)
        #expect(try TPMSensitiveCreate(sizedFrom: &r) == value)
    }

    /// XOR has no mode field and carries a hash where block ciphers carry key bits.
    @Test(
        "TPMT_SYM_DEF: AES-128-CFB, SM4-128-CFB, XOR-SHA256, NULL",
        arguments: [
            ("0006 0080 0043", TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb)),
            ("0013 0080 0043", TPMSymmetricDefinition(.sm4, keyBits: 128, mode: .cfb)),
            ("000a 000b", TPMSymmetricDefinition(.xor, keyBits: TPMAlgorithm.sha256.rawValue)),
            ("0010", TPMSymmetricDefinition.null),
        ])
    func symmetricDefinitions(wire: String, value: TPMSymmetricDefinition) throws {
        #expect(value.marshalled == hex(wire))
        #expect(try TPMSymmetricDefinition(exactly: hex(wire)) == value)
    }

    /// Scheme details: none for NULL and RSAES, a hash for the others, then ECDAA's count
    /// and XOR's KDF (Part 2 §11.2.1.2, §11.2.2.2, §11.2.3.2).
    @Test(
        "TPMT_*_SCHEME details",
        arguments: [
            ("0010", TPMScheme.null),
            ("0015", TPMScheme(.rsaes)),
            ("0017 000b", TPMScheme(.oaep, hash: .sha256)),
            ("0005 000c", TPMScheme(.hmac, hash: .sha384)),
            ("001a 000b 0005", TPMScheme(.ecdaa, hash: .sha256, extra: 5)),
            ("000a 000b 0022", TPMScheme(.xor, hash: .sha256, extra: TPMAlgorithm.kdf1_sp800_108.rawValue)),
            ("0020 000b", TPMScheme(.kdf1_sp800_56a, hash: .sha256)),
        ])
    func schemes(wire: String, value: TPMScheme) throws {
        #expect(value.marshalled == hex(wire))
        #expect(try TPMScheme(exactly: hex(wire)) == value)
    }

    @Test("TPMS_ECC_POINT and TPMT_SENSITIVE")
    func pointAndSensitive() throws {
        let point = TPMECCPoint(x: [0xAA, 0xBB], y: [0xCC])
        #expect(point.marshalled == hex("0002 aabb 0001 cc"))
        let sensitive = TPMSensitive(type: .rsa, authValue: [], seedValue: [], sensitive: [1, 2, 3, 4])
        #expect(sensitive.marshalled == hex("0001 0000 0000 0004 01020304"))
        #expect(try TPMSensitive(exactly: hex("0001 0000 0000 0004 01020304")) == sensitive)
    }

    @Test("TPMS_DERIVE, and a derivation template: TPMT_PUBLIC with a TPMS_DERIVE for its unique field")
    func derive() throws {
        let derive = TPMDerive(label: Array("ab".utf8), context: [0x01])
        #expect(derive.marshalled == hex("0002 6162 0001 01"))
        #expect(try TPMDerive(exactly: hex("0002 6162 0001 01")) == derive)
        // A keyed-hash template, whose TPMU_PUBLIC_ID would be one TPM2B_DIGEST.
        let header = hex("0008 000b 00030072 0000 000a 000b 0022")
        let (publicArea, read) = try TPMPublic.derivationTemplate(header + derive.marshalled)
        #expect(read == derive)
        #expect(
            publicArea.parameters
                == .keyedHash(scheme: TPMScheme(.xor, hash: .sha256, extra: TPMAlgorithm.kdf1_sp800_108.rawValue)))
        #expect(publicArea.unique == .digest([]))
        #expect(throws: TPMError(.size)) { try TPMPublic.derivationTemplate(header + derive.marshalled + [0]) }
        #expect(throws: TPMError(.insufficient)) { try TPMPublic.derivationTemplate(header + hex("0000")) }
    }

    /// Part 2 §10.9.7: each TPMT_HA is the algorithm and an unsized digest.
    @Test("TPML_DIGEST_VALUES")
    func digestValues() throws {
        let sha1 = Samples.bytes(20)
        let sha256 = Samples.bytes(32)
        let value = TPMDigestValues([(.sha1, sha1), (.sha256, sha256)])
        let wire = hex("00000002 0004") + sha1 + hex("000b") + sha256
        #expect(value.marshalled == wire)
        #expect(try TPMDigestValues(exactly: wire) == value)
    }
}
