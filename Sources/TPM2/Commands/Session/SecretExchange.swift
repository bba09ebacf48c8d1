import TrustCrypto

/// Secrets sent to the TPM under one of its keys (Part 1 §24 "Secret Sharing"): RSA-OAEP
/// with a label, or an ephemeral ECDH point whose Z feeds KDFe. Used by StartAuthSession
/// ("SECRET"), ActivateCredential ("IDENTITY") and Import ("DUPLICATE").
enum SecretExchange {
    static func decryptSecret(_ secret: [UInt8], key: TPMObject, label: String,
                              culpritKey: TPMError.Culprit, culpritSecret: TPMError.Culprit) throws(TPMError) -> [UInt8] {
        guard key.sensitive != nil else { throw TPMError(.handle, culpritKey) }
        guard key.attributes.contains(.decrypt) else { throw TPMError(.attributes, culpritKey) }
        guard let nameHash = key.nameHash else { throw TPMError(.hash, culpritKey) }
        switch key.publicArea.type {
        case .rsa:
            let rsa = try key.rsaPrivateKey()
            do {
                return try rsa.decryptOAEP(secret, hash: nameHash, label: Array(label.utf8) + [0])
            } catch {
                throw TPMError(.value, culpritSecret)
            }
        case .ecc:
            var reader = TPMReader(secret)
            let point: TPMECCPoint
            do {
                guard let parsed = try reader.readNested({ (inner: inout TPMReader) throws(TPMError) in try TPMECCPoint(from: &inner) }),
                      reader.isAtEnd else { throw TPMError(.size) }
                point = parsed
            } catch { throw TPMError(.size, culpritSecret) }
            let ecc = try key.eccPrivateKey()
            let shared: ECCPoint
            do { shared = try ecc.sharedPoint(with: ECCPoint(x: point.x, y: point.y)) }
            catch { throw TPMError(.eccPoint, culpritSecret) }
            guard case .ecc(let ownPoint) = key.publicArea.unique else { throw TPMError(.key, culpritKey) }
            return KDF.kdfe(nameHash, z: shared.x, label: label, partyU: point.x, partyV: ownPoint.x, bits: nameHash.digestSize * 8)
        default:
            throw TPMError(.key, culpritKey)
        }
    }
}
