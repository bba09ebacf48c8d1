/// TPMT_SIGNATURE (Part 2 §11.3.4).
public struct TPMSignature: Equatable, Sendable, TPMCodable {
    public enum Body: Equatable, Sendable {
        case null
        case rsa(hash: TPMAlgorithm, signature: [UInt8])
        case ecc(hash: TPMAlgorithm, r: [UInt8], s: [UInt8])
        case hmac(hash: TPMAlgorithm, digest: [UInt8])
    }

    public var algorithm: TPMAlgorithm
    public var body: Body

    /// A signature from its scheme and its values.
    /// - Parameters:
    ///   - algorithm: the signature scheme (TPMI_ALG_SIG_SCHEME+), the TPMU_SIGNATURE selector.
    ///   - body: the scheme's hash and signature values (TPMU_SIGNATURE).
    public init(algorithm: TPMAlgorithm, body: Body) {
        self.algorithm = algorithm
        self.body = body
    }

    public static let null = TPMSignature(algorithm: .null, body: .null)

    public init(from reader: inout TPMReader) throws(TPMError) {
        algorithm = try TPMAlgorithm(from: &reader)
        switch algorithm {
        case .null:
            body = .null
        case .rsassa, .rsapss:
            let hash = try Self.readHash(&reader)
            body = .rsa(hash: hash, signature: try reader.readSized(max: TPMLimits.maxRSAKeyBytes))
        case .ecdsa, .ecdaa, .sm2, .ecschnorr:
            let hash = try Self.readHash(&reader)
            let r = try reader.readSized(max: TPMLimits.maxECCKeyBytes)
            let s = try reader.readSized(max: TPMLimits.maxECCKeyBytes)
            body = .ecc(hash: hash, r: r, s: s)
        case .hmac:
            let hash = try Self.readHash(&reader)
            guard let alg = hash.hashAlgorithm else { throw TPMError(.hash) }
            body = .hmac(hash: hash, digest: try reader.readBytes(alg.digestSize))
        default:
            throw TPMError(.scheme)
        }
    }

    /// Every signature's hash is a TPMI_ALG_HASH without NULL (Part 2 §11.3).
    private static func readHash(_ reader: inout TPMReader) throws(TPMError) -> TPMAlgorithm {
        let hash = try TPMAlgorithm(from: &reader)
        guard hash.hashAlgorithm != nil else { throw TPMError(.hash) }
        return hash
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(algorithm)
        switch body {
        case .null:
            break
        case .rsa(let hash, let signature):
            writer.write(hash)
            writer.writeSized(signature)
        case .ecc(let hash, let r, let s):
            writer.write(hash)
            writer.writeSized(r)
            writer.writeSized(s)
        case .hmac(let hash, let digest):
            writer.write(hash)
            writer.write(bytes: digest)
        }
    }

    public var hash: TPMAlgorithm {
        switch body {
        case .null: return .null
        case .rsa(let hash, _), .ecc(let hash, _, _), .hmac(let hash, _): return hash
        }
    }
}

/// TPMT_TK_CREATION, _VERIFIED, _AUTH and _HASHCHECK share one shape (Part 2 §10.7).
public struct TPMTicket: Equatable, Sendable, TPMCodable {
    public var tag: UInt16
    public var hierarchy: TPMHandle
    public var digest: [UInt8]

    /// A ticket from its fields.
    /// - Parameters:
    ///   - tag: the structure tag that names the ticket type (TPM_ST_CREATION, TPM_ST_VERIFIED...).
    ///   - hierarchy: the hierarchy of the entity the ticket vouches for (TPMI_RH_HIERARCHY+).
    ///   - digest: the ticket's HMAC (TPM2B_DIGEST); empty in a NULL ticket.
    public init(tag: UInt16, hierarchy: TPMHandle, digest: [UInt8]) {
        self.tag = tag
        self.hierarchy = hierarchy
        self.digest = digest
    }

    /// The NULL ticket: a NULL-hierarchy ticket with an empty digest.
    /// - Parameter tag: the structure tag of the ticket type.
    /// - Returns: a ticket with that tag, TPM_RH_NULL as its hierarchy and an empty digest.
    public static func null(_ tag: UInt16) -> TPMTicket { TPMTicket(tag: tag, hierarchy: TPMRH.null, digest: []) }

    /// The tags of the four ticket types (Part 2 §10.7).
    public static let ticketTags: [UInt16] = [
        TPMStructureTag.creation, TPMStructureTag.verified, TPMStructureTag.authSecret,
        TPMStructureTag.hashcheck, TPMStructureTag.authSigned,
    ]

    public init(from reader: inout TPMReader) throws(TPMError) {
        try self.init(from: &reader, accepting: Self.ticketTags)
    }

    /// One ticket type: a tag it does not accept is TPM_RC_TAG, a hierarchy that is not a
    /// TPMI_RH_HIERARCHY+ is TPM_RC_VALUE (Part 2 §10.7).
    public init(from reader: inout TPMReader, accepting tags: [UInt16]) throws(TPMError) {
        tag = try reader.read()
        guard tags.contains(tag) else { throw TPMError(.tag) }
        hierarchy = try reader.read()
        guard [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.null].contains(hierarchy) else {
            throw TPMError(.value)
        }
        digest = try reader.readSized(max: TPMLimits.maxDigest)
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(tag)
        writer.write(hierarchy)
        writer.writeSized(digest)
    }
}

/// TPMS_CREATION_DATA (Part 2 §15.1).
public struct TPMCreationData: Equatable, Sendable, TPMCodable {
    public var pcrSelect: TPMPCRSelectionList
    public var pcrDigest: [UInt8]
    public var locality: UInt8
    public var parentNameAlg: TPMAlgorithm
    public var parentName: [UInt8]
    public var parentQualifiedName: [UInt8]
    public var outsideInfo: [UInt8]

    /// The zero value a parameter list starts from before it is read.
    public init() {
        self.init(
            pcrSelect: TPMPCRSelectionList(), pcrDigest: [], locality: 0, parentNameAlg: .null, parentName: [],
            parentQualifiedName: [], outsideInfo: [])
    }

    /// Creation data from its fields.
    /// - Parameters:
    ///   - pcrSelect: the PCRs that pcrDigest covers (TPML_PCR_SELECTION).
    ///   - pcrDigest: the digest of the selected PCRs, with the nameAlg of the object created.
    ///   - locality: the locality at which the object was created (TPMA_LOCALITY).
    ///   - parentNameAlg: the nameAlg of the parent.
    ///   - parentName: the Name of the parent at the time of creation.
    ///   - parentQualifiedName: the Qualified Name of the parent at the time of creation.
    ///   - outsideInfo: the association data the creator supplied (the command's outsideInfo).
    public init(
        pcrSelect: TPMPCRSelectionList, pcrDigest: [UInt8], locality: UInt8, parentNameAlg: TPMAlgorithm,
        parentName: [UInt8], parentQualifiedName: [UInt8], outsideInfo: [UInt8]
    ) {
        self.pcrSelect = pcrSelect
        self.pcrDigest = pcrDigest
        self.locality = locality
        self.parentNameAlg = parentNameAlg
        self.parentName = parentName
        self.parentQualifiedName = parentQualifiedName
        self.outsideInfo = outsideInfo
    }

    public init(from reader: inout TPMReader) throws(TPMError) {
        pcrSelect = try TPMPCRSelectionList(from: &reader)
        pcrDigest = try reader.readSized(max: TPMLimits.maxDigest)
        locality = try reader.read()
        parentNameAlg = try TPMAlgorithm(from: &reader)
        parentName = try reader.readSized(max: TPMLimits.maxName)
        parentQualifiedName = try reader.readSized(max: TPMLimits.maxName)
        outsideInfo = try reader.readSized(max: TPMLimits.maxData)
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(pcrSelect)
        writer.writeSized(pcrDigest)
        writer.write(locality)
        writer.write(parentNameAlg)
        writer.writeSized(parentName)
        writer.writeSized(parentQualifiedName)
        writer.writeSized(outsideInfo)
    }
}
