import TPMTypes
import TrustCrypto

/// Creation data and the creation ticket (Part 3 §12.1.1 and §18.3.1; the reference's
/// FillInCreationData): what a later CertifyCreation proves about how and where an object was made.
enum Creation {
    struct Result {
        var data: TPMCreationData
        var hash: [UInt8]
        var ticket: TPMTicket
    }

    static func record(
        object publicArea: TPMPublic, name: [UInt8], hierarchy: TPMHandle,
        parent: (nameAlg: TPMAlgorithm, name: [UInt8], qualifiedName: [UInt8]),
        outsideInfo: [UInt8], pcrSelection: TPMPCRSelectionList, tpm: TPMEngineState
    ) throws(TPMError) -> Result {
        guard let hash = publicArea.nameAlg.hashAlgorithm else { throw TPMError(.hash) }
        let selection = tpm.pcrs.filter(pcrSelection)
        let data = TPMCreationData(
            pcrSelect: selection,
            pcrDigest: EngineCrypto.digest(
                hash,
                selection.selections.flatMap { select in
                    select.pcrs.compactMap { tpm.pcrs.value(select.hash, $0) }.flatMap { $0 }
                }),
            locality: tpm.locality < 5 ? UInt8(1) << tpm.locality : tpm.locality,
            parentNameAlg: parent.nameAlg, parentName: parent.name, parentQualifiedName: parent.qualifiedName,
            outsideInfo: outsideInfo)
        let creationHash = EngineCrypto.digest(hash, data.marshalled)
        let ticket = Tickets.creation(
            hierarchy: hierarchy, name: name, creationHash: creationHash, hash: hash, tpm: tpm)
        return Result(data: data, hash: creationHash, ticket: ticket)
    }
}

/// Tickets: HMACs under a hierarchy's proof that the TPM made or checked something
/// (Part 2 §10.7): creation, verified signature, hash check, auth.
enum Tickets {
    static func creation(
        hierarchy: TPMHandle, name: [UInt8], creationHash: [UInt8], hash: HashAlgorithm, tpm: TPMEngineState
    ) -> TPMTicket {
        var w = TPMWriter()
        w.write(TPMStructureTag.creation)
        w.write(bytes: name)
        w.write(bytes: creationHash)
        return TPMTicket(
            tag: TPMStructureTag.creation, hierarchy: hierarchy,
            digest: EngineCrypto.hmac(hash, key: tpm.proof(hierarchy), [w.bytes]))
    }

    static func verified(
        hierarchy: TPMHandle, digest: [UInt8], keyName: [UInt8], hash: HashAlgorithm, tpm: TPMEngineState
    ) -> TPMTicket {
        guard hierarchy != TPMRH.null else { return .null(TPMStructureTag.verified) }
        var w = TPMWriter()
        w.write(TPMStructureTag.verified)
        w.write(bytes: digest)
        w.write(bytes: keyName)
        return TPMTicket(
            tag: TPMStructureTag.verified, hierarchy: hierarchy,
            digest: EngineCrypto.hmac(hash, key: tpm.proof(hierarchy), [w.bytes]))
    }

    static func hashCheck(hierarchy: TPMHandle, digest: [UInt8], hash: HashAlgorithm, tpm: TPMEngineState) -> TPMTicket
    {
        guard hierarchy != TPMRH.null else { return .null(TPMStructureTag.hashcheck) }
        var w = TPMWriter()
        w.write(TPMStructureTag.hashcheck)
        w.write(bytes: digest)
        return TPMTicket(
            tag: TPMStructureTag.hashcheck, hierarchy: hierarchy,
            digest: EngineCrypto.hmac(hash, key: tpm.proof(hierarchy), [w.bytes]))
    }
}

/// Public-area outputs are TPM2B_PUBLIC.
struct SizedPublic: TPMMarshallable {
    var publicArea: TPMPublic
    func marshal(into writer: inout TPMWriter) { publicArea.marshalSized(into: &writer) }
}
