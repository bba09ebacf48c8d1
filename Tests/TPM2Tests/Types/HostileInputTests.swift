import TPMTypes
import Testing

@testable import TPM2

/// One hostile encoding and the TPM_RC Part 2 assigns it. The codes are those of the
/// interface types (TPMI_*) and size limits each structure is declared with. Unchecked
/// Sendable: the decoders are the types' own initialisers, which touch no shared state.
struct HostileCase: @unchecked Sendable, CustomTestStringConvertible {
    // Safe: immutable; each `decode` wraps a type's decoding initialiser, which touches no shared state.
    let name: String
    let bytes: [UInt8]
    let code: TPMResponseCode
    let decode: Decoder<Void>

    init<T>(_ name: String, _ bytes: [UInt8], _ code: TPMResponseCode, _ decode: @escaping Decoder<T>) {
        self.name = name
        self.bytes = bytes
        self.code = code
        self.decode = { (r: inout TPMReader) throws(TPMError) in _ = try decode(&r) }
    }

    var testDescription: String { "\(name) → \(code)" }
}

private func filler(_ count: Int) -> [UInt8] { [UInt8](repeating: 0x11, count: count) }
private func scheme(_ kind: TPMScheme.Kind) -> Decoder<TPMScheme> {
    { (r: inout TPMReader) throws(TPMError) in try TPMScheme(from: &r, kind: kind) }
}
private let sizedPublic: Decoder<TPMPublic> = { (r: inout TPMReader) throws(TPMError) in try TPMPublic(sizedFrom: &r) }
private let sizedSensitiveCreate: Decoder<TPMSensitiveCreate> = { (r: inout TPMReader) throws(TPMError) in
    try TPMSensitiveCreate(sizedFrom: &r)
}
private let hashcheckTicket: Decoder<TPMTicket> = { (r: inout TPMReader) throws(TPMError) in
    try TPMTicket(from: &r, accepting: [TPMStructureTag.hashcheck])
}

/// Hostile bytes never trap and never over-read; they answer the exact code of the field at
/// fault (the dispatcher then adds the parameter number).
@Suite("Hostile input to the types")
struct HostileInputTests {
    static let pcrSelections: [HostileCase] = [
        HostileCase("PCR bank with an unknown hash", hex("0099 03 000000"), .hash, TPMPCRSelection.init(from:)),
        HostileCase("PCR bank TPM_ALG_NULL", hex("0010 03 000000"), .hash, TPMPCRSelection.init(from:)),
        HostileCase(
            "sizeofSelect above PCR_SELECT_MAX", hex("000b 05 0000000000"), .value, TPMPCRSelection.init(from:)),
        HostileCase("sizeofSelect below PCR_SELECT_MIN", hex("000b 02 0000"), .value, TPMPCRSelection.init(from:)),
        HostileCase("sizeofSelect 0", hex("000b 00"), .value, TPMPCRSelection.init(from:)),
        HostileCase("sizeofSelect 255 with no bitmap", hex("000b ff"), .value, TPMPCRSelection.init(from:)),
        HostileCase("more banks than HASH_COUNT", hex("00000011"), .size, TPMPCRSelectionList.init(from:)),
        HostileCase("a 4-billion bank count", hex("ffffffff"), .size, TPMPCRSelectionList.init(from:)),
        HostileCase(
            "a bad bank inside the list", hex("00000001 0099 03 000000"), .hash, TPMPCRSelectionList.init(from:)),
    ]

    static let points: [HostileCase] = [
        HostileCase(
            "x above MAX_ECC_KEY_BYTES", hex("0051") + filler(81) + hex("0000"), .size, TPMECCPoint.init(from:)),
        HostileCase("y of 65535 bytes", hex("0000 ffff"), .size, TPMECCPoint.init(from:)),
    ]

    static let schemes: [HostileCase] = [
        HostileCase("TPMT_SIG_SCHEME: unknown selector", hex("0099"), .scheme, scheme(.signature)),
        HostileCase("TPMT_SIG_SCHEME: RSAES is not a signature", hex("0015"), .scheme, scheme(.signature)),
        HostileCase("TPMT_RSA_SCHEME: ECDSA", hex("0018 000b"), .value, scheme(.rsa)),
        HostileCase("TPMT_RSA_SCHEME: unknown selector", hex("0099"), .value, scheme(.rsa)),
        HostileCase("TPMT_ECC_SCHEME: RSASSA", hex("0014 000b"), .scheme, scheme(.ecc)),
        HostileCase("TPMT_KEYEDHASH_SCHEME: ECDSA", hex("0018 000b"), .value, scheme(.keyedHash)),
        HostileCase("TPMT_KDF_SCHEME: ECDSA", hex("0018 000b"), .kdf, scheme(.kdf)),
        HostileCase("TPMT_KDF_SCHEME: unknown selector", hex("0099"), .kdf, scheme(.kdf)),
        HostileCase("any scheme: a hash is no scheme", hex("000b"), .scheme, TPMScheme.init(from:)),
        HostileCase("scheme hash unknown", hex("0014 0099"), .hash, scheme(.rsa)),
        HostileCase("scheme hash TPM_ALG_NULL", hex("0014 0010"), .hash, scheme(.signature)),
        HostileCase("ECDAA hash TPM_ALG_NULL", hex("001a 0010 0001"), .hash, scheme(.ecc)),
        HostileCase("XOR with an unknown KDF", hex("000a 000b 0099"), .kdf, scheme(.keyedHash)),
        HostileCase("XOR with ECDSA as its KDF", hex("000a 000b 0018"), .kdf, scheme(.keyedHash)),
    ]

    static let symmetric: [HostileCase] = [
        HostileCase("unknown algorithm", hex("0099 0080 0043"), .symmetric, TPMSymmetricDefinition.init(from:)),
        HostileCase("Camellia with 64-bit keys", hex("0026 0040 0043"), .value, TPMSymmetricDefinition.init(from:)),
        HostileCase("TDES with 256-bit keys", hex("0003 0100 0043"), .value, TPMSymmetricDefinition.init(from:)),
        HostileCase(
            "SHA-256 is no block cipher", hex("000b 0080 0043"), .symmetric, TPMSymmetricDefinition.init(from:)),
        HostileCase("a hash as cipher", hex("000b 0080 0043"), .symmetric, TPMSymmetricDefinition.init(from:)),
        HostileCase("AES with 100 key bits", hex("0006 0064 0043"), .value, TPMSymmetricDefinition.init(from:)),
        HostileCase("AES with 0 key bits", hex("0006 0000 0043"), .value, TPMSymmetricDefinition.init(from:)),
        HostileCase("SM4 with 256 key bits", hex("0013 0100 0043"), .value, TPMSymmetricDefinition.init(from:)),
        HostileCase("unknown mode", hex("0006 0080 0099"), .mode, TPMSymmetricDefinition.init(from:)),
        HostileCase("a hash as mode", hex("0006 0080 000b"), .mode, TPMSymmetricDefinition.init(from:)),
        HostileCase("XOR with an unknown hash", hex("000a 0099"), .hash, TPMSymmetricDefinition.init(from:)),
        HostileCase("XOR with TPM_ALG_NULL", hex("000a 0010"), .hash, TPMSymmetricDefinition.init(from:)),
    ]

    static let publicAreas: [HostileCase] = [
        HostileCase("type unknown, checked before anything else", hex("0099"), .type, TPMPublic.init(from:)),
        HostileCase("type is a hash", hex("000b 000b 00000000 0000"), .type, TPMPublic.init(from:)),
        HostileCase("nameAlg unknown", hex("0001 0099 00030072 0000"), .hash, TPMPublic.init(from:)),
        HostileCase("reserved attribute bit 0", hex("0001 000b 00030073 0000"), .reservedBits, TPMPublic.init(from:)),
        HostileCase("reserved attribute bit 31", hex("0001 000b 80030072 0000"), .reservedBits, TPMPublic.init(from:)),
        HostileCase(
            "authPolicy above TPM2B_DIGEST", hex("0001 000b 00030072 0041") + filler(65), .size, TPMPublic.init(from:)),
        HostileCase(
            "keyed-hash scheme ECDSA", hex("0008 000b 00040072 0000 0018 000b 0000"), .value, TPMPublic.init(from:)),
        HostileCase(
            "RSA scheme ECDSA", hex("0001 000b 00040072 0000 0010 0018 000b 0800 00000000 0000"), .value,
            TPMPublic.init(from:)),
        HostileCase(
            "ECC scheme RSASSA", hex("0023 000b 00040072 0000 0010 0014 000b 0003 0010 0000 0000"), .scheme,
            TPMPublic.init(from:)),
        HostileCase(
            "ECC curve unknown", hex("0023 000b 00040072 0000 0010 0018 000b 0099 0010 0000 0000"), .curve,
            TPMPublic.init(from:)),
        HostileCase(
            "ECC KDF unknown", hex("0023 000b 00040072 0000 0010 0018 000b 0003 0099 000b 0000 0000"), .kdf,
            TPMPublic.init(from:)),
        HostileCase(
            "symcipher with XOR", hex("0025 000b 00020060 0000 000a 000b 0000"), .symmetric, TPMPublic.init(from:)),
        HostileCase("symcipher with NULL", hex("0025 000b 00020060 0000 0010 0000"), .symmetric, TPMPublic.init(from:)),
        HostileCase(
            "RSA storage key with XOR", hex("0001 000b 00030072 0000 000a 000b 0010 0800 00000000 0000"), .symmetric,
            TPMPublic.init(from:)),
        HostileCase(
            "RSA modulus above MAX_RSA_KEY_BYTES",
            hex("0001 000b 00040072 0000 0010 0010 0800 00000000 0201") + filler(513),
            .size, TPMPublic.init(from:)),
        HostileCase(
            "ECC x above MAX_ECC_KEY_BYTES", hex("0023 000b 00040072 0000 0010 0010 0003 0010 0051") + filler(81),
            .size, TPMPublic.init(from:)),
        HostileCase("TPM2B_PUBLIC of size 0", hex("0000"), .size, sizedPublic),
        HostileCase(
            "TPM2B_PUBLIC one byte longer than its TPMT_PUBLIC", hex("001b") + Templates.rsaStorage.marshalled + [0x00],
            .size, sizedPublic),
        HostileCase(
            "TPM2B_PUBLIC one byte shorter than its TPMT_PUBLIC", hex("0019") + Templates.rsaStorage.marshalled, .size,
            sizedPublic),
    ]

    static let sensitive: [HostileCase] = [
        HostileCase("TPMT_SENSITIVE type unknown, checked first", hex("0099"), .type, TPMSensitive.init(from:)),
        HostileCase("authValue above TPM2B_AUTH", hex("0001 0041") + filler(65), .size, TPMSensitive.init(from:)),
        HostileCase(
            "seedValue above TPM2B_DIGEST", hex("0001 0000 0041") + filler(65), .size, TPMSensitive.init(from:)),
        HostileCase(
            "RSA prime above MAX_RSA_KEY_BYTES / 2", hex("0001 0000 0000 0101") + filler(257), .size,
            TPMSensitive.init(from:)),
        HostileCase(
            "ECC scalar above MAX_ECC_KEY_BYTES", hex("0023 0000 0000 0051") + filler(81), .size,
            TPMSensitive.init(from:)),
        HostileCase(
            "keyed-hash data above MAX_SYM_DATA", hex("0008 0000 0000 0081") + filler(129), .size,
            TPMSensitive.init(from:)),
        HostileCase(
            "symmetric key above MAX_SYM_KEY_BYTES", hex("0025 0000 0000 0021") + filler(33), .size,
            TPMSensitive.init(from:)),
        HostileCase(
            "userAuth above TPM2B_AUTH", hex("0041") + filler(65) + hex("0000"), .size, TPMSensitiveCreate.init(from:)),
        HostileCase(
            "data above TPM2B_SENSITIVE_DATA", hex("0000 0081") + filler(129), .size, TPMSensitiveCreate.init(from:)),
        HostileCase("TPM2B_SENSITIVE_CREATE of size 0", hex("0000"), .size, sizedSensitiveCreate),
        HostileCase(
            "TPM2B_SENSITIVE_CREATE with a byte left over", hex("0005 0000 0000 00"), .size, sizedSensitiveCreate),
    ]

    static let signatures: [HostileCase] = [
        HostileCase("signature scheme unknown", hex("0099"), .scheme, TPMSignature.init(from:)),
        HostileCase("RSAES is no signature", hex("0015"), .scheme, TPMSignature.init(from:)),
        HostileCase("RSASSA hash unknown", hex("0014 0099 0000"), .hash, TPMSignature.init(from:)),
        HostileCase("ECDSA hash TPM_ALG_NULL", hex("0018 0010 0000 0000"), .hash, TPMSignature.init(from:)),
        HostileCase("HMAC hash TPM_ALG_NULL", hex("0005 0010"), .hash, TPMSignature.init(from:)),
        HostileCase(
            "RSA signature above MAX_RSA_KEY_BYTES", hex("0014 000b 0201") + filler(513), .size,
            TPMSignature.init(from:)),
        HostileCase(
            "ECDSA r above MAX_ECC_KEY_BYTES", hex("0018 000b 0051") + filler(81), .size, TPMSignature.init(from:)),
    ]

    static let tickets: [HostileCase] = [
        HostileCase("ticket tag TPM_ST_NULL", hex("8000 40000001 0000"), .tag, TPMTicket.init(from:)),
        HostileCase("ticket tag TPM_ST_NO_SESSIONS", hex("8001 40000001 0000"), .tag, TPMTicket.init(from:)),
        HostileCase("creation ticket where a hashcheck is due", hex("8021 40000001 0000"), .tag, hashcheckTicket),
        HostileCase("ticket hierarchy TPM_RH_UNASSIGNED", hex("8024 40000008 0000"), .value, TPMTicket.init(from:)),
        HostileCase("ticket hierarchy a transient handle", hex("8024 80000000 0000"), .value, hashcheckTicket),
        HostileCase(
            "ticket digest above TPM2B_DIGEST", hex("8024 40000001 0041") + filler(65), .size, TPMTicket.init(from:)),
    ]

    static let others: [HostileCase] = [
        HostileCase(
            "creation data with a bad PCR bank", hex("00000001 0099 03 000000"), .hash, TPMCreationData.init(from:)),
        HostileCase(
            "creation pcrDigest above TPM2B_DIGEST", hex("00000000 0041") + filler(65), .size,
            TPMCreationData.init(from:)),
        HostileCase(
            "creation parentName above TPM2B_NAME", hex("00000000 0000 01 0010 0043") + filler(67), .size,
            TPMCreationData.init(from:)),
        HostileCase(
            "creation outsideInfo above TPM2B_DATA", hex("00000000 0000 01 0010 0000 0000 0043") + filler(67), .size,
            TPMCreationData.init(from:)),
        HostileCase(
            "NV authPolicy above TPM2B_DIGEST", hex("01500000 000b 00060006 0041") + filler(65) + hex("0020"), .size,
            TPMNVPublic.init(from:)),
        HostileCase("TPMS_DERIVE label above LABEL_MAX_BUFFER", hex("0021") + filler(33), .size, TPMDerive.init(from:)),
        HostileCase(
            "TPMS_DERIVE context above LABEL_MAX_BUFFER", hex("0000 0021") + filler(33), .size, TPMDerive.init(from:)),
        HostileCase("TPML_DIGEST_VALUES above HASH_COUNT", hex("00000011"), .size, TPMDigestValues.init(from:)),
        HostileCase("TPMT_HA hash unknown", hex("00000001 0099"), .hash, TPMDigestValues.init(from:)),
        HostileCase("TPMT_HA hash TPM_ALG_NULL", hex("00000001 0010"), .hash, TPMDigestValues.init(from:)),
        HostileCase(
            "context blob above TPM2B_CONTEXT_DATA", hex("0000000000000001 02000000 40000007 1001") + filler(4097),
            .size,
            TPMContext.init(from:)),
        HostileCase(
            "context of a permanent handle", hex("0000000000000001 40000001 40000007 0000"), .value,
            TPMContext.init(from:)),
        HostileCase(
            "context hierarchy TPM_RS_PW", hex("0000000000000001 80000000 40000009 0000"), .value,
            TPMContext.init(from:)),
    ]

    @Test("PCR selections", arguments: pcrSelections) func pcr(_ c: HostileCase) { check(c) }
    @Test("ECC points", arguments: points) func point(_ c: HostileCase) { check(c) }
    @Test("schemes", arguments: schemes) func schemeSelectors(_ c: HostileCase) { check(c) }
    @Test("symmetric definitions", arguments: symmetric) func symmetricDefinition(_ c: HostileCase) { check(c) }
    @Test("public areas", arguments: publicAreas) func publicArea(_ c: HostileCase) { check(c) }
    @Test("sensitive areas", arguments: sensitive) func sensitiveArea(_ c: HostileCase) { check(c) }
    @Test("signatures", arguments: signatures) func signature(_ c: HostileCase) { check(c) }
    @Test("tickets", arguments: tickets) func ticket(_ c: HostileCase) { check(c) }
    @Test("creation data, NV public, digest lists, contexts", arguments: others) func other(_ c: HostileCase) {
        check(c)
    }

    private func check(_ c: HostileCase, sourceLocation: SourceLocation = #_sourceLocation) {
        var reader = TPMReader(c.bytes)
        do {
            try c.decode(&reader)
            Issue.record("accepted instead of answering \(c.code)", sourceLocation: sourceLocation)
        } catch {
            #expect(error == TPMError(c.code), sourceLocation: sourceLocation)
        }
    }

    /// Every prefix of every sample encoding is short input, whatever field the cut lands in.
    @Test("truncation at every byte offset answers TPM_RC_INSUFFICIENT")
    func truncations() {
        for value in Samples.pcrSelections {
            expectEveryTruncationInsufficient(value.marshalled, TPMPCRSelection.init(from:))
        }
        for value in Samples.pcrSelectionLists {
            expectEveryTruncationInsufficient(value.marshalled, TPMPCRSelectionList.init(from:))
        }
        for value in Samples.eccPoints { expectEveryTruncationInsufficient(value.marshalled, TPMECCPoint.init(from:)) }
        for (value, kind) in Samples.schemes { expectEveryTruncationInsufficient(value.marshalled, scheme(kind)) }
        for value in Samples.symmetricDefinitions {
            expectEveryTruncationInsufficient(value.marshalled, TPMSymmetricDefinition.init(from:))
        }
        for value in Samples.publicAreas {
            expectEveryTruncationInsufficient(value.marshalled, TPMPublic.init(from:))
            expectEveryTruncationInsufficient(SizedPublic(publicArea: value).marshalled, sizedPublic)
        }
        for value in Samples.sensitiveAreas {
            expectEveryTruncationInsufficient(value.marshalled, TPMSensitive.init(from:))
        }
        for value in Samples.sensitiveCreates {
            expectEveryTruncationInsufficient(value.marshalled, TPMSensitiveCreate.init(from:))
            var w = TPMWriter()
            w.writeNested { value.marshal(into: &$0) }
            expectEveryTruncationInsufficient(w.bytes, sizedSensitiveCreate)
        }
        for value in Samples.signatures {
            expectEveryTruncationInsufficient(value.marshalled, TPMSignature.init(from:))
        }
        for value in Samples.tickets { expectEveryTruncationInsufficient(value.marshalled, TPMTicket.init(from:)) }
        for value in Samples.creationData {
            expectEveryTruncationInsufficient(value.marshalled, TPMCreationData.init(from:))
        }
        for value in Samples.nvPublics { expectEveryTruncationInsufficient(value.marshalled, TPMNVPublic.init(from:)) }
        for value in Samples.digestValues {
            expectEveryTruncationInsufficient(value.marshalled, TPMDigestValues.init(from:))
        }
        for value in Samples.contexts { expectEveryTruncationInsufficient(value.marshalled, TPMContext.init(from:)) }
    }

    /// A size field's largest value is refused by the size check, so no reader ever tries to
    /// allocate or walk 64 KiB it was promised but not given.
    @Test("a 65535 size in any TPM2B field is TPM_RC_SIZE")
    func largestSizes() {
        expectDecodeError(hex("ffff") + Templates.rsaStorage.marshalled, sizedPublic, .size)
        expectDecodeError(hex("0001 000b 00030072 ffff"), TPMPublic.init(from:), .size)
        expectDecodeError(hex("ffff"), TPMSensitiveCreate.init(from:), .size)
        expectDecodeError(hex("0014 000b ffff"), TPMSignature.init(from:), .size)
        expectDecodeError(hex("8024 40000001 ffff"), TPMTicket.init(from:), .size)
    }
}
