import TPMTypes
import Testing

@testable import TPM2

/// Every type the implemented commands marshal (Types/, NV/NVPublic and the command-local
/// TPML_DIGEST_VALUES and TPMS_CONTEXT) reads back what it wrote, consuming exactly its bytes.
@Suite("Marshalling round trips")
struct RoundTripTests {
    @Test("TPM_ALG_ID, TPM_ECC_CURVE and TPM_CC")
    func constants() {
        for value in Samples.algorithms { expectRoundTrip(value, TPMAlgorithm.init(from:)) }
        for value in Samples.curves { expectRoundTrip(value, TPMECCCurve.init(from:)) }
        for value in Samples.commandCodes { expectRoundTrip(value, TPMCommandCode.init(from:)) }
    }

    @Test("TPMS_PCR_SELECTION and TPML_PCR_SELECTION")
    func pcrSelections() {
        for value in Samples.pcrSelections { expectRoundTrip(value, TPMPCRSelection.init(from:)) }
        for value in Samples.pcrSelectionLists { expectRoundTrip(value, TPMPCRSelectionList.init(from:)) }
    }

    @Test("TPMS_ECC_POINT")
    func eccPoints() {
        for value in Samples.eccPoints { expectRoundTrip(value, TPMECCPoint.init(from:)) }
    }

    @Test("TPMS_DERIVE, empty and at LABEL_MAX_BUFFER")
    func derives() {
        for value in [TPMDerive(), TPMDerive(label: Samples.bytes(32), context: Samples.bytes(32, from: 9))] {
            expectRoundTrip(value, TPMDerive.init(from:))
        }
    }

    /// Each scheme reads back through the union it belongs to and through the lenient reader.
    @Test("TPMT_*_SCHEME, including ECDAA's count and XOR's KDF")
    func schemes() {
        for (value, kind) in Samples.schemes {
            expectRoundTrip(value) { (r: inout TPMReader) throws(TPMError) in try TPMScheme(from: &r, kind: kind) }
            expectRoundTrip(value, TPMScheme.init(from:))
        }
    }

    @Test("TPMT_SYM_DEF and TPMT_SYM_DEF_OBJECT")
    func symmetricDefinitions() {
        for value in Samples.symmetricDefinitions { expectRoundTrip(value, TPMSymmetricDefinition.init(from:)) }
    }

    @Test("TPMT_PUBLIC for every object type, bare and as TPM2B_PUBLIC")
    func publicAreas() {
        for value in Samples.publicAreas {
            expectRoundTrip(value, TPMPublic.init(from:))
            expectRoundTrip(SizedPublic(publicArea: value)) { (r: inout TPMReader) throws(TPMError) in
                SizedPublic(publicArea: try TPMPublic(sizedFrom: &r))
            }
        }
    }

    @Test("TPMT_SENSITIVE for every object type")
    func sensitiveAreas() {
        for value in Samples.sensitiveAreas { expectRoundTrip(value, TPMSensitive.init(from:)) }
    }

    @Test("TPMS_SENSITIVE_CREATE, bare and as TPM2B_SENSITIVE_CREATE")
    func sensitiveCreates() throws {
        for value in Samples.sensitiveCreates {
            expectRoundTrip(value, TPMSensitiveCreate.init(from:))
            var w = TPMWriter()
            w.writeNested { value.marshal(into: &$0) }
            var r = TPMReader(w.bytes)
            #expect(try TPMSensitiveCreate(sizedFrom: &r) == value)
            #expect(r.isAtEnd)
        }
    }

    @Test("TPMT_SIGNATURE for every signature scheme")
    func signatures() {
        for value in Samples.signatures { expectRoundTrip(value, TPMSignature.init(from:)) }
    }

    @Test("TPMT_TK_CREATION, _VERIFIED, _AUTH and _HASHCHECK")
    func tickets() {
        for value in Samples.tickets {
            expectRoundTrip(value, TPMTicket.init(from:))
            expectRoundTrip(value) { (r: inout TPMReader) throws(TPMError) in
                try TPMTicket(from: &r, accepting: [value.tag])
            }
        }
    }

    @Test("TPMS_CREATION_DATA")
    func creationData() {
        for value in Samples.creationData { expectRoundTrip(value, TPMCreationData.init(from:)) }
    }

    @Test("TPMS_NV_PUBLIC")
    func nvPublics() {
        for value in Samples.nvPublics { expectRoundTrip(value, TPMNVPublic.init(from:)) }
    }

    @Test("TPML_DIGEST_VALUES and TPMS_CONTEXT")
    func commandLocalTypes() {
        for value in Samples.digestValues { expectRoundTrip(value, TPMDigestValues.init(from:)) }
        for value in Samples.contexts { expectRoundTrip(value, TPMContext.init(from:)) }
    }
}

extension SizedPublic: Equatable {
    public static func == (a: SizedPublic, b: SizedPublic) -> Bool { a.publicArea == b.publicArea }
}
