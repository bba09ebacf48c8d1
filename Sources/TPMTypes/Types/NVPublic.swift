import TrustCrypto

/// TPMA_NV (Part 2 §13.4).
public struct TPMNVAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let ppWrite = Self(rawValue: 1 << 0)
    public static let ownerWrite = Self(rawValue: 1 << 1)
    public static let authWrite = Self(rawValue: 1 << 2)
    public static let policyWrite = Self(rawValue: 1 << 3)
    /// TPM_NT in bits 7:4.
    public static let typeMask = Self(rawValue: 0xF0)
    public static let policyDelete = Self(rawValue: 1 << 10)
    public static let writeLocked = Self(rawValue: 1 << 11)
    public static let writeAll = Self(rawValue: 1 << 12)
    public static let writeDefine = Self(rawValue: 1 << 13)
    public static let writeSTClear = Self(rawValue: 1 << 14)
    public static let globalLock = Self(rawValue: 1 << 15)
    public static let ppRead = Self(rawValue: 1 << 16)
    public static let ownerRead = Self(rawValue: 1 << 17)
    public static let authRead = Self(rawValue: 1 << 18)
    public static let policyRead = Self(rawValue: 1 << 19)
    public static let noDA = Self(rawValue: 1 << 25)
    public static let orderly = Self(rawValue: 1 << 26)
    public static let clearSTClear = Self(rawValue: 1 << 27)
    public static let readLocked = Self(rawValue: 1 << 28)
    public static let written = Self(rawValue: 1 << 29)
    public static let platformCreate = Self(rawValue: 1 << 30)
    public static let readSTClear = Self(rawValue: 1 << 31)

    /// Bits 8, 9 and 20–24 are reserved.
    public static let reserved = Self(rawValue: 0x01F0_0300)

    public var type: TPMNVType? { TPMNVType(rawValue: UInt8((rawValue >> 4) & 0xF)) }
}

/// TPM_NT (Part 2 §13.3).
public enum TPMNVType: UInt8, Sendable {
    case ordinary = 0
    case counter = 1
    case bits = 2
    case extend = 4
    case pinFail = 8
    case pinPass = 9
}

/// TPMS_NV_PUBLIC (Part 2 §13.5).
public struct TPMNVPublic: Equatable, Sendable, TPMCodable {
    public var index: TPMHandle
    public var nameAlg: TPMAlgorithm
    public var attributes: TPMNVAttributes
    public var authPolicy: [UInt8]
    public var dataSize: UInt16

    /// An NV public area from its fields.
    /// - Parameters:
    ///   - index: the handle of the NV index (TPMI_RH_NV_INDEX).
    ///   - nameAlg: the hash that computes the index's Name.
    ///   - attributes: the index's attributes (TPMA_NV).
    ///   - authPolicy: the policy digest that can authorize the index; empty for none.
    ///   - dataSize: the size of the index's data area, in bytes.
    public init(
        index: TPMHandle, nameAlg: TPMAlgorithm, attributes: TPMNVAttributes, authPolicy: [UInt8], dataSize: UInt16
    ) {
        self.index = index
        self.nameAlg = nameAlg
        self.attributes = attributes
        self.authPolicy = authPolicy
        self.dataSize = dataSize
    }

    /// The zero value a parameter list starts from before it is read.
    public init() {
        self.init(index: 0, nameAlg: .null, attributes: [], authPolicy: [], dataSize: 0)
    }

    public init(from reader: inout TPMReader) throws(TPMError) {
        index = try reader.read()
        nameAlg = try TPMAlgorithm(from: &reader)
        attributes = TPMNVAttributes(rawValue: try reader.read())
        authPolicy = try reader.readSized(max: TPMLimits.maxDigest)
        dataSize = try reader.read()
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(index)
        writer.write(nameAlg)
        writer.write(attributes.rawValue)
        writer.writeSized(authPolicy)
        writer.write(dataSize)
    }

}
