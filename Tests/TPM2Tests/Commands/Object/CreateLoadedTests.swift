import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// TPM2_CreateLoaded under a derivation parent (Part 3 §12.9), with the
/// response codes of the reference implementation's CreateLoaded.c and Object_spt.c.
@Suite("CreateLoaded: derived objects")
struct CreateLoadedDerivationTests {
    /// A restricted keyed-hash decryption key with SP800-108 KDFa over SHA-256: a derivation parent.
    static func derivationParent(
        _ attributes: TPMObjectAttributes = [.fixedTPM, .fixedParent, .sensitiveDataOrigin],
        kdf: TPMAlgorithm = .kdf1_sp800_108
    ) -> TPMPublic {
        TPMPublic(
            type: .keyedHash, nameAlg: .sha256, attributes: attributes.union([.userWithAuth, .restricted, .decrypt]),
            parameters: .keyedHash(scheme: TPMScheme(.xor, hash: .sha256, extra: kdf.rawValue)), unique: .digest([]))
    }

    /// A P-256 storage key: a parent that costs no prime search.
    static let eccStorage = TPMPublic(
        type: .ecc, nameAlg: .sha256,
        attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .restricted, .decrypt],
        parameters: .ecc(
            symmetric: TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb), scheme: .null, curve: .nistP256,
            kdf: .null),
        unique: .ecc(TPMECCPoint()))

    /// A P-256 ECDSA signing key as a derived object must be: fixedParent, sensitiveDataOrigin CLEAR.
    static let derivedSigning = TPMPublic(
        type: .ecc, nameAlg: .sha256, attributes: [.fixedTPM, .fixedParent, .userWithAuth, .sign],
        parameters: .ecc(symmetric: .null, scheme: TPMScheme(.ecdsa, hash: .sha256), curve: .nistP256, kdf: .null),
        unique: .ecc(TPMECCPoint()))

    /// The TPM2B_TEMPLATE body for a derivation: `template` with a TPMS_DERIVE for its unique field.
    static func derivationTemplate(_ template: TPMPublic, label: [UInt8], context: [UInt8]) -> [UInt8] {
        var withoutUnique = template
        withoutUnique.unique = .digest([])
        return withoutUnique.marshalled.dropLast(2) + TPMDerive(label: label, context: context).marshalled
    }

    static func createLoaded(parent: TPMHandle, template: [UInt8], sensitive: TPMSensitiveCreate = TPMSensitiveCreate())
        -> [UInt8]
    {
        var w = TPMWriter()
        w.writeNested { sensitive.marshal(into: &$0) }
        w.writeSized(template)
        return command(.createLoaded, handles: [parent], sessions: [.password()], parameters: w.bytes)
    }

    struct Created {
        var handle: TPMHandle
        var outPrivate: [UInt8]
        var outPublic: TPMPublic
        var name: [UInt8]
    }

    /// Sends a CreateLoaded that must succeed and reads its response.
    static func require(_ engine: TPMEngine, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Created
    {
        let response = Response(engine.execute(bytes, locality: 0))
        let handle = try #require(
            response.handle, "CreateLoaded answered \(String(response.code, radix: 16))", sourceLocation: sourceLocation
        )
        var reader = TPMReader(Array(response.body.dropFirst(8)))  // handle, parameterSize
        return Created(
            handle: handle, outPrivate: try reader.readSized(max: TPMLimits.maxPrivate),
            outPublic: try TPMPublic(sizedFrom: &reader), name: try reader.readSized(max: TPMLimits.maxName))
    }

    /// A derivation parent made by CreatePrimary under the owner hierarchy.
    static func primaryParent(_ engine: TPMEngine) throws -> TPMHandle {
        try #require(Response(engine.execute(Commands.createPrimary(derivationParent()), locality: 0)).handle)
    }

    static func derive(_ engine: TPMEngine, parent: TPMHandle, label: String, context: String) throws -> Created {
        try require(
            engine,
            createLoaded(
                parent: parent,
                template: derivationTemplate(
                    derivedSigning, label: Array(label.utf8),
                    context: Array(context.utf8))))
    }

    static func flush(_ engine: TPMEngine, _ handle: TPMHandle) {
        #expect(responseCode(engine, Commands.flushContext(handle)) == 0)
    }

    @Test("The same parent, label and context derive the same key; another context, another key")
    func deterministic() throws {
        let engine = try makeEngine()
        let parent = try Self.primaryParent(engine)
        let first = try Self.derive(engine, parent: parent, label: "label", context: "context")
        Self.flush(engine, first.handle)
        let again = try Self.derive(engine, parent: parent, label: "label", context: "context")
        Self.flush(engine, again.handle)
        let other = try Self.derive(engine, parent: parent, label: "label", context: "other")
        #expect(first.outPrivate.isEmpty)
        #expect(first.outPublic == again.outPublic)
        #expect(first.name == again.name)
        #expect(first.outPublic.unique != other.outPublic.unique)
        #expect(!first.outPublic.attributes.contains(.sensitiveDataOrigin))
    }

    @Test(
        "A TPMS_DERIVE in the sensitive data fills the label and context the template leaves empty; the template's win")
    func labelAndContextFromSensitiveData() throws {
        let engine = try makeEngine()
        let parent = try Self.primaryParent(engine)
        let fromTemplate = try Self.derive(engine, parent: parent, label: "label", context: "context")
        Self.flush(engine, fromTemplate.handle)

        let hidden = TPMSensitiveCreate(
            data: TPMDerive(label: Array("label".utf8), context: Array("context".utf8)).marshalled)
        let empty = Self.derivationTemplate(Self.derivedSigning, label: [], context: [])
        let fromSensitive = try Self.require(
            engine, Self.createLoaded(parent: parent, template: empty, sensitive: hidden))
        Self.flush(engine, fromSensitive.handle)
        #expect(fromSensitive.outPublic == fromTemplate.outPublic)

        let labelOnly = Self.derivationTemplate(Self.derivedSigning, label: Array("label".utf8), context: [])
        let mixed = TPMSensitiveCreate(
            data: TPMDerive(label: Array("ignored".utf8), context: Array("context".utf8)).marshalled)
        let merged = try Self.require(engine, Self.createLoaded(parent: parent, template: labelOnly, sensitive: mixed))
        #expect(merged.outPublic == fromTemplate.outPublic)
    }

    @Test("A derived P-256 key signs, and its signature verifies against the public key it was returned with")
    func derivedKeySigns() throws {
        let engine = try makeEngine()
        let parent = try Self.primaryParent(engine)
        let key = try Self.derive(engine, parent: parent, label: "signing", context: "key")
        let digest = try Hash.digest(.sha256, Array("message".utf8))
        var w = TPMWriter()
        w.writeSized(digest)
        w.write(TPMScheme(.ecdsa, hash: .sha256))
        w.write(TPMTicket.null(TPMStructureTag.hashcheck))
        let response = Response(
            engine.execute(
                command(.sign, handles: [key.handle], sessions: [.password()], parameters: w.bytes), locality: 0))
        try #require(response.code == 0)
        var reader = TPMReader(Array(response.body.dropFirst(4)))  // parameterSize
        guard case .ecc(_, let r, let s) = try TPMSignature(from: &reader).body,
            case .ecc(let point) = key.outPublic.unique
        else {
            Issue.record("expected an ECDSA signature from an ECC key")
            return
        }
        let publicKey = try ECC.PublicKey(curve: .nistP256, point: ECCPoint(x: point.x, y: point.y))
        #expect(publicKey.isValidECDSASignature(r: r, s: s, digest: digest))
        #expect(try !publicKey.isValidECDSASignature(r: r, s: s, digest: Hash.digest(.sha256, Array("other".utf8))))
    }

    @Test(
        "Under a storage parent: a derivation parent with a known secret derives the key KDFa says, with its qualified name"
    )
    func ordinaryParentKnownAnswer() throws {
        let engine = try makeEngine()
        let storage = try #require(
            Response(engine.execute(Commands.createPrimary(Self.eccStorage), locality: 0)).handle)
        // The caller's secret: such a parent must stay duplicable, so its children are not fixedTPM.
        let secret = [UInt8](repeating: 0x42, count: 32)
        let parentTemplate = Self.derivationParent([])
        let parent = try Self.require(
            engine,
            Self.createLoaded(
                parent: storage, template: parentTemplate.marshalled,
                sensitive: TPMSensitiveCreate(data: secret)))
        #expect(!parent.outPrivate.isEmpty)

        var template = Self.derivedSigning
        template.attributes.remove(.fixedTPM)
        let derived = try Self.require(
            engine,
            Self.createLoaded(
                parent: parent.handle,
                template: Self.derivationTemplate(
                    template, label: Array("label".utf8), context: Array("context".utf8))))

        let stream = try KDF.kdfa(
            .sha256, key: secret, label: Array("label".utf8), contextU: Array("context".utf8), contextV: [], bits: 8192)
        let expected = try ECC.PrivateKey.derive(curve: .nistP256) { Array(stream.prefix($0)) }.publicKey.point
        #expect(derived.outPublic.unique == .ecc(TPMECCPoint(x: expected.x, y: expected.y)))
        #expect(derived.outPrivate.isEmpty)

        let parentQN = try Self.qualifiedName(engine, parent.handle)
        #expect(
            try Self.qualifiedName(engine, derived.handle) == TPMAlgorithm.sha256.marshalled
                + Hash.digest(.sha256, parentQN + derived.name))

        // The wrapped parent loads back and derives the same key.
        Self.flush(engine, derived.handle)
        Self.flush(engine, parent.handle)
        var w = TPMWriter()
        w.writeSized(parent.outPrivate)
        parent.outPublic.marshalSized(into: &w)
        let reloaded = try #require(
            Response(
                engine.execute(
                    command(.load, handles: [storage], sessions: [.password()], parameters: w.bytes),
                    locality: 0)
            ).handle)
        let again = try Self.require(
            engine,
            Self.createLoaded(
                parent: reloaded,
                template: Self.derivationTemplate(
                    template, label: Array("label".utf8), context: Array("context".utf8))))
        #expect(again.outPublic == derived.outPublic)
    }

    @Test("Create and Load take no derivation parent: TPM_RC_TYPE on handle 1")
    func notAStorageParent() throws {
        let engine = try makeEngine()
        let parent = try Self.primaryParent(engine)
        #expect(
            responseCode(
                engine,
                command(
                    .create, handles: [parent], sessions: [.password()],
                    parameters: Commands.createPrimaryParameters(Templates.eccSigning))) == 0x18A)
    }

    @Test(
        "Derivation errors: RSA TYPE + P2, sensitiveDataOrigin bare ATTRIBUTES, not fixedParent ATTRIBUTES + P2, bad TPMS_DERIVEs, a signing parent TYPE + H1"
    )
    func derivationErrors() throws {
        let engine = try makeEngine()
        let parent = try Self.primaryParent(engine)
        let label = Array("label".utf8)
        #expect(
            responseCode(
                engine,
                Self.createLoaded(
                    parent: parent,
                    template: Self.derivationTemplate(
                        Templates.rsaStorage, label: label, context: []))) == 0x2CA)
        #expect(
            responseCode(
                engine,
                Self.createLoaded(
                    parent: parent,
                    template: Self.derivationTemplate(
                        Templates.eccSigning, label: label, context: []))) == 0x082)
        var duplicable = Self.derivedSigning
        duplicable.attributes.remove(.fixedParent)
        #expect(
            responseCode(
                engine,
                Self.createLoaded(
                    parent: parent,
                    template: Self.derivationTemplate(
                        duplicable, label: label, context: []))) == 0x2C2)
        var looseTPM = Self.derivedSigning
        looseTPM.attributes.remove(.fixedTPM)
        #expect(
            responseCode(
                engine,
                Self.createLoaded(
                    parent: parent,
                    template: Self.derivationTemplate(
                        looseTPM, label: label, context: []))) == 0x2C2)
        let tooLong = Self.derivationTemplate(Self.derivedSigning, label: [UInt8](repeating: 1, count: 33), context: [])
        #expect(responseCode(engine, Self.createLoaded(parent: parent, template: tooLong)) == 0x2D5)  // SIZE + P2
        #expect(
            responseCode(
                engine,
                Self.createLoaded(
                    parent: parent,
                    template: Self.derivationTemplate(
                        Self.derivedSigning, label: label, context: []) + [0])) == 0x2D5)
        // Sensitive data that is no TPMS_DERIVE: the reference returns its unmarshalling code unnumbered.
        #expect(
            responseCode(
                engine,
                Self.createLoaded(
                    parent: parent,
                    template: Self.derivationTemplate(
                        Self.derivedSigning, label: label, context: []), sensitive: TPMSensitiveCreate(data: [0])))
                == 0x09A)
        #expect(
            responseCode(
                engine,
                Self.createLoaded(
                    parent: parent,
                    template: Self.derivationTemplate(
                        Self.derivedSigning, label: label, context: []),
                    sensitive: TPMSensitiveCreate(userAuth: Samples.bytes(33)))) == 0x1D5)

        Self.flush(engine, parent)
        let signer = try #require(
            Response(engine.execute(Commands.createPrimary(Templates.eccSigning), locality: 0)).handle)
        #expect(
            responseCode(
                engine,
                Self.createLoaded(
                    parent: signer,
                    template: Self.derivationTemplate(
                        Self.derivedSigning, label: label, context: []))) == 0x18A)
    }

    @Test(
        "Derivation parent templates: another implemented KDF (SP800-56A, KDF2) TPM_RC_SCHEME + P2, one XOR cannot take TPM_RC_KDF + P2"
    )
    func parentTemplateKDF() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.createPrimary(Self.derivationParent(kdf: .kdf1_sp800_56a))) == 0x2D2)
        #expect(responseCode(engine, Commands.createPrimary(Self.derivationParent(kdf: .mgf1))) == 0x2CC)
        #expect(responseCode(engine, Commands.createPrimary(Self.derivationParent(kdf: .kdf2))) == 0x2D2)
        // A secret from outside the TPM cannot make a parent that is fixedParent or fixedTPM.
        #expect(
            responseCode(
                engine,
                Commands.createPrimary(
                    Self.derivationParent([.fixedParent]),
                    sensitive: TPMSensitiveCreate(data: [1, 2, 3]))) == 0x2C2)
    }

    /// The qualified name ReadPublic reports.
    static func qualifiedName(_ engine: TPMEngine, _ handle: TPMHandle) throws -> [UInt8] {
        let response = Response(engine.execute(Commands.readPublic(handle), locality: 0))
        try #require(response.code == 0)
        var reader = TPMReader(response.body)
        _ = try TPMPublic(sizedFrom: &reader)
        _ = try reader.readSized(max: TPMLimits.maxName)
        return try reader.readSized(max: TPMLimits.maxName)
    }
}
