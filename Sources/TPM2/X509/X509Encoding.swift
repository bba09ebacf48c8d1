import SwiftASN1
import TPMTypes
import TrustCrypto

/// The DER the TPM contributes to a certificate in TPM2_CertifyX509: the certified key's
/// SubjectPublicKeyInfo and the signer's AlgorithmIdentifier, with the OIDs of RFC 5480,
/// RFC 4055 and RFC 8017 (the reference implementation's X509_RSA.c and X509_ECC.c).
enum X509Encoding {
    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]
    static let rsassaPSS: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 10]
    static let mgf1: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 8]
    static let ecPublicKey: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]

    /// Named-curve OIDs; the BN curves have none, so their keys cannot be certified.
    static func curveOID(_ curve: TPMECCCurve) -> ASN1ObjectIdentifier? {
        switch curve {
        case .nistP256: return [1, 2, 840, 10045, 3, 1, 7]
        case .nistP384: return [1, 3, 132, 0, 34]
        case .nistP521: return [1, 3, 132, 0, 35]
        case .sm2P256: return [1, 2, 156, 10197, 1, 301]
        default: return nil
        }
    }

    static func hashOID(_ hash: TPMAlgorithm) -> ASN1ObjectIdentifier? {
        switch hash {
        case .sha1: return [1, 3, 14, 3, 2, 26]
        case .sha256: return [2, 16, 840, 1, 101, 3, 4, 2, 1]
        case .sha384: return [2, 16, 840, 1, 101, 3, 4, 2, 2]
        case .sha512: return [2, 16, 840, 1, 101, 3, 4, 2, 3]
        default: return nil
        }
    }

    /// sha*WithRSAEncryption (RFC 8017 A.2.4) and ecdsa-with-SHA* (RFC 5758 §3.2).
    static func signatureOID(_ scheme: TPMAlgorithm, hash: TPMAlgorithm) -> ASN1ObjectIdentifier? {
        switch (scheme, hash) {
        case (.rsassa, .sha1): return [1, 2, 840, 113549, 1, 1, 5]
        case (.rsassa, .sha256): return [1, 2, 840, 113549, 1, 1, 11]
        case (.rsassa, .sha384): return [1, 2, 840, 113549, 1, 1, 12]
        case (.rsassa, .sha512): return [1, 2, 840, 113549, 1, 1, 13]
        case (.ecdsa, .sha1): return [1, 2, 840, 10045, 4, 1]
        case (.ecdsa, .sha256): return [1, 2, 840, 10045, 4, 3, 2]
        case (.ecdsa, .sha384): return [1, 2, 840, 10045, 4, 3, 3]
        case (.ecdsa, .sha512): return [1, 2, 840, 10045, 4, 3, 4]
        default: return nil
        }
    }

    /// Whether `subjectPublicKeyInfo` can describe the key: RSA, or ECC on a curve with an OID.
    static func canEncodePublicKey(of object: TPMObject) -> Bool {
        switch object.publicArea.parameters {
        case .rsa: return true
        case .ecc(_, _, let curve, _): return curveOID(curve) != nil
        default: return false
        }
    }

    /// Whether `algorithmIdentifier` knows the scheme: RSASSA and ECDSA with a listed hash, or RSAPSS.
    static func canEncodeAlgorithm(_ scheme: TPMScheme) -> Bool {
        scheme.algorithm == .rsapss
            ? hashOID(scheme.hash) != nil : signatureOID(scheme.algorithm, hash: scheme.hash) != nil
    }

    /// SubjectPublicKeyInfo: rsaEncryption with NULL and RSAPublicKey, or id-ecPublicKey with the
    /// named curve and the uncompressed point.
    static func subjectPublicKeyInfo(of object: TPMObject, into coder: inout DER.Serializer) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            switch (object.publicArea.parameters, object.publicArea.unique) {
            case (.rsa(_, _, _, let exponent), .rsa(let modulus)):
                try algorithmIdentifier(rsaEncryption, nullParameters: true, into: &coder)
                var key = DER.Serializer()
                try key.appendConstructedNode(identifier: .sequence) { key in
                    try key.serialize(ArraySlice(modulus))
                    try key.serialize(exponent == 0 ? 65537 : Int(exponent))
                }
                try coder.serialize(ASN1BitString(bytes: ArraySlice(key.serializedBytes)))
            case (.ecc(_, _, let curve, _), .ecc(let point)):
                guard let oid = curveOID(curve) else { throw X509EncodingError.unsupported }
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.serialize(ecPublicKey)
                    try coder.serialize(oid)
                }
                try coder.serialize(ASN1BitString(bytes: ArraySlice([0x04] + point.x + point.y)))
            default:
                throw X509EncodingError.unsupported
            }
        }
    }

    /// The signer's AlgorithmIdentifier for `scheme`. RSASSA-PSS carries its parameters except
    /// for SHA-1, where RFC 4055 wants the defaults left out; the salt is the digest's length, as
    /// TPM2_Sign uses it.
    static func signatureAlgorithm(_ scheme: TPMScheme, into coder: inout DER.Serializer) throws {
        if scheme.algorithm == .rsapss {
            guard let hashOID = hashOID(scheme.hash), let hash = scheme.hash.hashAlgorithm else {
                throw X509EncodingError.unsupported
            }
            guard scheme.hash != .sha1 else {
                return try algorithmIdentifier(rsassaPSS, nullParameters: true, into: &coder)
            }
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(rsassaPSS)
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { coder in
                        try algorithmIdentifier(hashOID, nullParameters: true, into: &coder)
                    }
                    try coder.serialize(explicitlyTaggedWithTagNumber: 1, tagClass: .contextSpecific) { coder in
                        try coder.appendConstructedNode(identifier: .sequence) { coder in
                            try coder.serialize(mgf1)
                            try algorithmIdentifier(hashOID, nullParameters: true, into: &coder)
                        }
                    }
                    try coder.serialize(explicitlyTaggedWithTagNumber: 2, tagClass: .contextSpecific) { coder in
                        try coder.serialize(hash.digestSize)
                    }
                }
            }
            return
        }
        guard let oid = signatureOID(scheme.algorithm, hash: scheme.hash) else { throw X509EncodingError.unsupported }
        try algorithmIdentifier(oid, nullParameters: scheme.algorithm == .rsassa, into: &coder)
    }

    private static func algorithmIdentifier(
        _ oid: ASN1ObjectIdentifier, nullParameters: Bool, into coder: inout DER.Serializer
    ) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(oid)
            if nullParameters { try coder.serialize(ASN1Null()) }
        }
    }
}

/// A key or scheme the encoder has no DER for; callers check `canEncode…` first.
enum X509EncodingError: Error {
    case unsupported
}
