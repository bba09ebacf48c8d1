import SwiftASN1
import TPMTypes
import TrustCrypto

/// TPM2_CertifyX509 (Part 3 §18.8): completes and signs an X.509 certificate for a loaded key.
/// The caller sends the parts it chooses (PartialCertificate); the TPM adds version (v3), a
/// serialNumber, the AlgorithmIdentifier when left out, and the key's SubjectPublicKeyInfo,
/// returns them as addedToCertificate with the digest of the whole TBSCertificate and its
/// signature. The serial number binds the certificate to both keys: the first 20 bytes of
/// H_signer-nameAlg(every other TBS part after the AlgorithmIdentifier's position ‖ signer Name ‖
/// object Name), as in the reference implementation. Parameter 1 is `reserved` in 1.59 (it was
/// qualifyingData) and must be empty.
///
/// Response codes: TPM_RC_SIZE (reserved not empty: parameter 1; partialCertificate not one DER
/// SEQUENCE: parameter 3), TPM_RC_KEY (signHandle not a signing key: handle 2), TPM_RC_SCHEME
/// (inScheme does not fit the key: parameter 2; no AlgorithmIdentifier given and none known for
/// the scheme: handle 2), TPM_RC_HASH (scheme hash not offered: parameter 2), TPM_RC_ASYMMETRIC
/// (the object is not an RSA key or an ECC key on a curve with an OID: handle 1),
/// TPM_RC_ATTRIBUTES (a TPMA_OBJECT extension unlike the object's attributes: handle 1),
/// TPM_RC_VALUE (partialCertificate elements wrong, KeyUsage missing or claiming uses the
/// object's attributes forbid: parameter 3).
extension CertifyX509: DescribedCommand {
    /// SIZE_OF_X509_SERIAL_NUMBER of the reference implementation.
    static let serialNumberBytes = 20

    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard input.reserved.isEmpty else { throw TPMError(.size, parameter(\.reserved)) }
        let object = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        let signer = Attestation.Signer(handle: handles[1], handleNumber: 2, scheme: input.inScheme, schemeParameter: 2)
        guard let signing = try signer.resolve(on: tpm), let serialHash = signing.key.nameHash else {
            throw TPMError(.key, .handle(2))
        }
        guard X509Encoding.canEncodePublicKey(of: object) else { throw TPMError(.asymmetric, .handle(1)) }

        let partial: PartialCertificate
        do { partial = try PartialCertificate(der: input.partialCertificate) } catch {
            switch error {
            case .notOneSequence: throw TPMError(.size, parameter(\.partialCertificate))
            case .malformed: throw TPMError(.value, parameter(\.partialCertificate))
            }
        }
        if partial.signatureAlgorithm == nil, !X509Encoding.canEncodeAlgorithm(signing.scheme) {
            throw TPMError(.scheme, .handle(2))
        }
        if let claimed = partial.objectAttributes, claimed != object.attributes.rawValue {
            throw TPMError(.attributes, .handle(1))
        }
        guard partial.keyUsageFits(object.attributes) else { throw TPMError(.value, parameter(\.partialCertificate)) }

        let added: [UInt8]
        let tbs: [UInt8]
        do {
            var spki = DER.Serializer()
            var algorithm = DER.Serializer()
            try X509Encoding.subjectPublicKeyInfo(of: object, into: &spki)
            if partial.signatureAlgorithm == nil {
                try X509Encoding.signatureAlgorithm(signing.scheme, into: &algorithm)
            }
            let signatureAlgorithm = partial.signatureAlgorithm.map(Array.init) ?? algorithm.serializedBytes
            let serial = Array(
                EngineCrypto.digest(
                    serialHash,
                    [
                        signatureAlgorithm, Array(partial.issuer), Array(partial.validity),
                        Array(partial.subject), spki.serializedBytes, Array(partial.extensions),
                        signing.key.name, object.name,
                    ]
                ).prefix(serialNumberBytes))
            var head = DER.Serializer()
            try head.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { try $0.serialize(2) }
            try head.serialize(ArraySlice(serial))

            var addedCoder = DER.Serializer()
            addedCoder.appendConstructedNode(identifier: .sequence) { coder in
                coder.serializeRawBytes(head.serializedBytes)
                coder.serializeRawBytes(algorithm.serializedBytes)
                coder.serializeRawBytes(spki.serializedBytes)
            }
            var tbsCoder = DER.Serializer()
            tbsCoder.appendConstructedNode(identifier: .sequence) { coder in
                for part in [
                    head.serializedBytes, signatureAlgorithm, Array(partial.issuer), Array(partial.validity),
                    Array(partial.subject), spki.serializedBytes, Array(partial.extensions),
                ] {
                    coder.serializeRawBytes(part)
                }
            }
            added = addedCoder.serializedBytes
            tbs = tbsCoder.serializedBytes
        } catch {
            throw TPMError(.failure)
        }
        let tbsDigest = EngineCrypto.digest(signing.hash, tbs)
        return Response(
            addedToCertificate: added, tbsDigest: tbsDigest,
            signature: try SignatureSchemes.sign(digest: tbsDigest, key: signing.key, scheme: signing.scheme, on: tpm))
    }
}
