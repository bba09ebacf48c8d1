import TPMTypes

@testable import TPM2

/// At least one value of every shape each marshalled type can take: every union arm, empty
/// and full-length buffers. Round-trip and truncation tests walk these lists.
enum Samples {
    static func bytes(_ count: Int, from start: UInt8 = 1) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: Int(start) + $0) }
    }

    static let algorithms: [TPMAlgorithm] = [
        .rsa, .sha256, .null, .sm3_256, .ecc, .cfb, TPMAlgorithm(rawValue: 0xFFFF),
    ]

    static let curves: [TPMECCCurve] = [.nistP256, .nistP521, .bnP256, .sm2P256]

    static let commandCodes: [TPMCommandCode] = [
        .startup, .createPrimary, .pcrRead, TPMCommandCode(rawValue: 0x2000_0001),
    ]

    static let pcrSelections: [TPMPCRSelection] = [
        TPMPCRSelection(hash: .sha256, pcrs: [0, 1, 2, 23]),
        TPMPCRSelection(hash: .sha1, pcrs: []),
        TPMPCRSelection(hash: .sha384, pcrs: [31], sizeOfSelect: 4),
    ]

    static let pcrSelectionLists: [TPMPCRSelectionList] = [
        TPMPCRSelectionList(),
        TPMPCRSelectionList(pcrSelections),
    ]

    static let eccPoints: [TPMECCPoint] = [
        TPMECCPoint(),
        TPMECCPoint(x: bytes(32), y: bytes(32, from: 0x80)),
        TPMECCPoint(x: bytes(66), y: bytes(66)),
    ]

    static let schemes: [(TPMScheme, TPMScheme.Kind)] = [
        (.null, .rsa),
        (TPMScheme(.rsassa, hash: .sha256), .rsa),
        (TPMScheme(.rsapss, hash: .sha512), .signature),
        (TPMScheme(.rsaes), .rsa),
        (TPMScheme(.oaep, hash: .sha1), .rsa),
        (TPMScheme(.ecdsa, hash: .sha384), .ecc),
        (TPMScheme(.ecdaa, hash: .sha256, extra: 7), .ecc),
        (TPMScheme(.sm2, hash: .sm3_256), .signature),
        (TPMScheme(.ecschnorr, hash: .sha256), .signature),
        (TPMScheme(.ecdh, hash: .sha256), .ecc),
        (TPMScheme(.ecmqv, hash: .sha384), .ecc),
        (TPMScheme(.hmac, hash: .sha256), .keyedHash),
        (TPMScheme(.xor, hash: .sha256, extra: TPMAlgorithm.kdf1_sp800_108.rawValue), .keyedHash),
        (TPMScheme(.xor, hash: .sha1, extra: TPMAlgorithm.null.rawValue), .keyedHash),
        (TPMScheme(.mgf1, hash: .sha256), .kdf),
        (TPMScheme(.kdf1_sp800_56a, hash: .sha256), .kdf),
        (TPMScheme(.kdf2, hash: .sha384), .kdf),
        (TPMScheme(.kdf1_sp800_108, hash: .sha512), .kdf),
    ]

    static let symmetricDefinitions: [TPMSymmetricDefinition] = [
        .null,
        TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb),
        TPMSymmetricDefinition(.aes, keyBits: 192, mode: .ctr),
        TPMSymmetricDefinition(.aes, keyBits: 256, mode: .null),
        TPMSymmetricDefinition(.sm4, keyBits: 128, mode: .cbc),
        TPMSymmetricDefinition(.xor, keyBits: TPMAlgorithm.sha256.rawValue),
    ]

    static let publicAreas: [TPMPublic] = [
        Templates.rsaStorage,
        Templates.eccSigning,
        TPMPublic(
            type: .rsa, nameAlg: .sha384, attributes: [.sign, .userWithAuth, .noDA], authPolicy: bytes(48),
            parameters: .rsa(
                symmetric: .null, scheme: TPMScheme(.rsassa, hash: .sha256), keyBits: 2048, exponent: 65537),
            unique: .rsa(bytes(256))),
        TPMPublic(
            type: .rsa, nameAlg: .sha1, attributes: [.decrypt],
            parameters: .rsa(symmetric: .null, scheme: TPMScheme(.oaep, hash: .sha256), keyBits: 4096, exponent: 3),
            unique: .rsa(bytes(512))),
        TPMPublic(
            type: .rsa, nameAlg: .null, attributes: [.decrypt],
            parameters: .rsa(symmetric: .null, scheme: TPMScheme(.rsaes), keyBits: 1024, exponent: 0),
            unique: .rsa(bytes(128))),
        TPMPublic(
            type: .ecc, nameAlg: .sha256, attributes: [.restricted, .decrypt, .fixedTPM, .fixedParent],
            parameters: .ecc(
                symmetric: TPMSymmetricDefinition(.aes, keyBits: 256, mode: .cfb), scheme: .null,
                curve: .nistP384, kdf: .null),
            unique: .ecc(TPMECCPoint(x: bytes(48), y: bytes(48)))),
        TPMPublic(
            type: .ecc, nameAlg: .sha256, attributes: [.sign],
            parameters: .ecc(
                symmetric: .null, scheme: TPMScheme(.ecdaa, hash: .sha256, extra: 4), curve: .bnP256,
                kdf: TPMScheme(.kdf1_sp800_56a, hash: .sha256)),
            unique: .ecc(TPMECCPoint())),
        TPMPublic(
            type: .keyedHash, nameAlg: .sha256, attributes: [.sign, .userWithAuth, .sensitiveDataOrigin],
            parameters: .keyedHash(scheme: TPMScheme(.hmac, hash: .sha256)), unique: .digest(bytes(32))),
        TPMPublic(
            type: .keyedHash, nameAlg: .sha256, attributes: [.userWithAuth], authPolicy: bytes(32),
            parameters: .keyedHash(scheme: .null), unique: .digest([])),
        TPMPublic(
            type: .keyedHash, nameAlg: .sha512, attributes: [.decrypt],
            parameters: .keyedHash(scheme: TPMScheme(.xor, hash: .sha256, extra: TPMAlgorithm.kdf1_sp800_108.rawValue)),
            unique: .digest(bytes(64))),
        TPMPublic(
            type: .symcipher, nameAlg: .sha256, attributes: [.decrypt, .sign, .sensitiveDataOrigin],
            parameters: .symCipher(TPMSymmetricDefinition(.aes, keyBits: 256, mode: .null)), unique: .digest(bytes(32))),
    ]

    static let sensitiveAreas: [TPMSensitive] = [
        TPMSensitive(type: .rsa, authValue: [], seedValue: [], sensitive: bytes(128)),
        TPMSensitive(type: .rsa, authValue: bytes(64), seedValue: bytes(32), sensitive: bytes(256)),
        TPMSensitive(type: .ecc, authValue: Array("pw".utf8), seedValue: [], sensitive: bytes(32)),
        TPMSensitive(type: .keyedHash, authValue: [], seedValue: bytes(32), sensitive: bytes(128)),
        TPMSensitive(type: .symcipher, authValue: [], seedValue: bytes(32), sensitive: bytes(16)),
    ]

    static let sensitiveCreates: [TPMSensitiveCreate] = [
        TPMSensitiveCreate(),
        TPMSensitiveCreate(userAuth: Array("abc".utf8)),
        TPMSensitiveCreate(userAuth: bytes(64), data: bytes(128)),
    ]

    static let signatures: [TPMSignature] = [
        .null,
        TPMSignature(algorithm: .rsassa, body: .rsa(hash: .sha256, signature: bytes(256))),
        TPMSignature(algorithm: .rsapss, body: .rsa(hash: .sha384, signature: bytes(512))),
        TPMSignature(algorithm: .ecdsa, body: .ecc(hash: .sha256, r: bytes(32), s: bytes(32, from: 0x40))),
        TPMSignature(algorithm: .ecdaa, body: .ecc(hash: .sha256, r: bytes(32), s: bytes(32))),
        TPMSignature(algorithm: .sm2, body: .ecc(hash: .sm3_256, r: bytes(32), s: bytes(32))),
        TPMSignature(algorithm: .ecschnorr, body: .ecc(hash: .sha512, r: bytes(66), s: bytes(66))),
        TPMSignature(algorithm: .hmac, body: .hmac(hash: .sha256, digest: bytes(32))),
        TPMSignature(algorithm: .hmac, body: .hmac(hash: .sha1, digest: bytes(20))),
    ]

    static let tickets: [TPMTicket] = [
        .null(TPMStructureTag.hashcheck),
        TPMTicket(tag: TPMStructureTag.creation, hierarchy: TPMRH.owner, digest: bytes(32)),
        TPMTicket(tag: TPMStructureTag.verified, hierarchy: TPMRH.endorsement, digest: bytes(48)),
        TPMTicket(tag: TPMStructureTag.authSigned, hierarchy: TPMRH.platform, digest: bytes(64)),
        TPMTicket(tag: TPMStructureTag.authSecret, hierarchy: TPMRH.null, digest: []),
    ]

    static let creationData: [TPMCreationData] = [
        TPMCreationData(
            pcrSelect: TPMPCRSelectionList(), pcrDigest: [], locality: 1, parentNameAlg: .null,
            parentName: be32(TPMRH.owner), parentQualifiedName: be32(TPMRH.owner), outsideInfo: []),
        TPMCreationData(
            pcrSelect: TPMPCRSelectionList(pcrSelections), pcrDigest: bytes(32), locality: 0x10,
            parentNameAlg: .sha256, parentName: [0x00, 0x0B] + bytes(32),
            parentQualifiedName: [0x00, 0x0B] + bytes(64).suffix(32),
            outsideInfo: bytes(66)),
    ]

    static let nvPublics: [TPMNVPublic] = [
        TPMNVPublic(
            index: 0x0150_0000, nameAlg: .sha256, attributes: [.ownerWrite, .ownerRead, .authWrite, .authRead],
            authPolicy: [], dataSize: 32),
        TPMNVPublic(
            index: 0x01C0_0002, nameAlg: .sha384,
            attributes: TPMNVAttributes(
                rawValue: TPMNVAttributes.policyWrite.rawValue | TPMNVAttributes.written.rawValue | 0x10),
            authPolicy: bytes(48), dataSize: 8),
    ]

    static let digestValues: [TPMDigestValues] = [
        TPMDigestValues([]),
        TPMDigestValues([(.sha1, bytes(20)), (.sha256, bytes(32)), (.sha384, bytes(48)), (.sha512, bytes(64))]),
    ]

    static let contexts: [TPMContext] = [
        TPMContext(sequence: 1, savedHandle: 0x0200_0000, hierarchy: TPMRH.null, blob: bytes(80)),
        TPMContext(sequence: .max, savedHandle: TPMRH.transientFirst, hierarchy: TPMRH.owner, blob: []),
    ]
}
