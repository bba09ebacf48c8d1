import TPMTypes
import TrustCrypto

extension TPMPublic {
    /// The object's Name: nameAlg || H_nameAlg(TPMT_PUBLIC) (Part 1 §16). Computed through
    /// EngineCrypto, so a libcrypto failure fails the command instead of the process.
    public var name: [UInt8] {
        guard let hash = nameAlg.hashAlgorithm else { return [] }
        return nameAlg.marshalled + EngineCrypto.digest(hash, marshalled)
    }
}

extension TPMNVPublic {
    /// nameAlg || H(TPMS_NV_PUBLIC) (the reference's NvGetIndexName), through EngineCrypto.
    public var name: [UInt8] {
        guard let hash = nameAlg.hashAlgorithm else { return [] }
        return nameAlg.marshalled + EngineCrypto.digest(hash, marshalled)
    }
}

extension TPMECCPoint {
    /// A point TrustCrypto computed, as TPMS_ECC_POINT; nil (a point not produced) is the
    /// point with two empty coordinates.
    init(_ point: ECCPoint?) { self.init(x: point?.x ?? [], y: point?.y ?? []) }
}
