/// TPM_CAP (Part 2 §6.12): which list TPM2_GetCapability returns. Any value goes on the wire;
/// a TPM answers one it does not know with TPM_RC_VALUE.
public struct TPMCapability: RawRepresentable, Hashable, Sendable, TPMCodable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(from reader: inout TPMReader) throws(TPMError) { rawValue = try reader.read() }
    public func marshal(into writer: inout TPMWriter) { writer.write(rawValue) }

    public static let algorithms = Self(rawValue: 0)
    public static let handles = Self(rawValue: 1)
    public static let commands = Self(rawValue: 2)
    public static let ppCommands = Self(rawValue: 3)
    public static let auditCommands = Self(rawValue: 4)
    public static let pcrs = Self(rawValue: 5)
    public static let tpmProperties = Self(rawValue: 6)
    public static let pcrProperties = Self(rawValue: 7)
    public static let eccCurves = Self(rawValue: 8)
}

/// TPMS_ALG_PROPERTY: an algorithm and its TPMA_ALGORITHM.
public struct TPMAlgorithmProperty: Equatable, Sendable {
    public var algorithm: TPMAlgorithm
    public var attributes: UInt32

    /// Creates an algorithm property from each field.
    /// - Parameters:
    ///   - algorithm: the algorithm identifier.
    ///   - attributes: its TPMA_ALGORITHM bits.
    public init(algorithm: TPMAlgorithm, attributes: UInt32) {
        self.algorithm = algorithm
        self.attributes = attributes
    }
}

/// TPMS_TAGGED_PROPERTY: a TPM_PT and its value.
public struct TPMTaggedProperty: Equatable, Sendable {
    public var property: UInt32
    public var value: UInt32

    /// Creates a tagged property from each field.
    /// - Parameters:
    ///   - property: the property identifier (TPM_PT).
    ///   - value: the value of the property.
    public init(property: UInt32, value: UInt32) {
        self.property = property
        self.value = value
    }
}

/// TPMS_TAGGED_PCR_SELECT: a TPM_PT_PCR and the PCRs that have it.
public struct TPMTaggedPCRSelect: Equatable, Sendable {
    public var tag: UInt32
    public var pcrSelect: [UInt8]

    /// Creates a tagged PCR selection from each field.
    /// - Parameters:
    ///   - tag: the PCR property identifier (TPM_PT_PCR).
    ///   - pcrSelect: the bit map of the PCRs that have the property (pcrSelect of sizeofSelect bytes).
    public init(tag: UInt32, pcrSelect: [UInt8]) {
        self.tag = tag
        self.pcrSelect = pcrSelect
    }
}

/// TPMS_CAPABILITY_DATA (Part 2 §10.10.2): the capability and its list. A list longer than the
/// TPM's MAX_CAP_* for its kind is TPM_RC_SIZE when read.
public enum TPMCapabilityData: Equatable, Sendable, TPMCodable {
    case algorithms([TPMAlgorithmProperty])
    case handles([TPMHandle])
    /// TPMA_CC values.
    case commands([UInt32])
    case ppCommands([TPMCommandCode])
    case auditCommands([TPMCommandCode])
    case pcrs(TPMPCRSelectionList)
    case tpmProperties([TPMTaggedProperty])
    case pcrProperties([TPMTaggedPCRSelect])
    case eccCurves([TPMECCCurve])

    /// The most entries each list holds in a 1024-byte response (the reference's MAX_CAP_*).
    public static let maximumAlgorithms = 169, maximumHandles = 254, maximumCommands = 254
    public static let maximumProperties = 127, maximumPCRProperties = 84, maximumCurves = 508

    public var capability: TPMCapability {
        switch self {
        case .algorithms: return .algorithms
        case .handles: return .handles
        case .commands: return .commands
        case .ppCommands: return .ppCommands
        case .auditCommands: return .auditCommands
        case .pcrs: return .pcrs
        case .tpmProperties: return .tpmProperties
        case .pcrProperties: return .pcrProperties
        case .eccCurves: return .eccCurves
        }
    }

    public init(from reader: inout TPMReader) throws(TPMError) {
        let capability = try TPMCapability(from: &reader)
        switch capability {
        case .algorithms:
            self = .algorithms(
                try Self.list(&reader, max: Self.maximumAlgorithms) { (r: inout TPMReader) throws(TPMError) in
                    TPMAlgorithmProperty(algorithm: try TPMAlgorithm(from: &r), attributes: try r.read())
                })
        case .handles:
            self = .handles(
                try Self.list(&reader, max: Self.maximumHandles) { (r: inout TPMReader) throws(TPMError) in try r.read()
                })
        case .commands:
            self = .commands(
                try Self.list(&reader, max: Self.maximumCommands) { (r: inout TPMReader) throws(TPMError) in
                    try r.read()
                })
        case .ppCommands, .auditCommands:
            let codes = try Self.list(&reader, max: Self.maximumCommands) { (r: inout TPMReader) throws(TPMError) in
                try TPMCommandCode(from: &r)
            }
            self = capability == .ppCommands ? .ppCommands(codes) : .auditCommands(codes)
        case .pcrs: self = .pcrs(try TPMPCRSelectionList(from: &reader))
        case .tpmProperties:
            self = .tpmProperties(
                try Self.list(&reader, max: Self.maximumProperties) { (r: inout TPMReader) throws(TPMError) in
                    TPMTaggedProperty(property: try r.read(), value: try r.read())
                })
        case .pcrProperties:
            self = .pcrProperties(
                try Self.list(&reader, max: Self.maximumPCRProperties) { (r: inout TPMReader) throws(TPMError) in
                    let tag: UInt32 = try r.read()
                    return TPMTaggedPCRSelect(tag: tag, pcrSelect: try r.readBytes(Int(try r.read(UInt8.self))))
                })
        case .eccCurves:
            self = .eccCurves(
                try Self.list(&reader, max: Self.maximumCurves) { (r: inout TPMReader) throws(TPMError) in
                    try TPMECCCurve(from: &r)
                })
        default: throw TPMError(.value)
        }
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(capability)
        func list<T>(_ items: [T], _ write: (T, inout TPMWriter) -> Void) {
            writer.write(UInt32(items.count))
            for item in items { write(item, &writer) }
        }
        switch self {
        case .algorithms(let items):
            list(items) {
                $1.write($0.algorithm)
                $1.write($0.attributes)
            }
        case .handles(let items): list(items) { $1.write($0) }
        case .commands(let items): list(items) { $1.write($0) }
        case .ppCommands(let items), .auditCommands(let items): list(items) { $1.write($0) }
        case .pcrs(let selection): writer.write(selection)
        case .tpmProperties(let items):
            list(items) {
                $1.write($0.property)
                $1.write($0.value)
            }
        case .pcrProperties(let items):
            list(items) { item, w in
                w.write(item.tag)
                w.write(UInt8(truncatingIfNeeded: item.pcrSelect.count))
                w.write(bytes: item.pcrSelect)
            }
        case .eccCurves(let items): list(items) { $1.write($0) }
        }
    }

    private static func list<T>(
        _ reader: inout TPMReader, max: Int,
        _ element: (inout TPMReader) throws(TPMError) -> T
    ) throws(TPMError) -> [T] {
        let count: UInt32 = try reader.read()
        guard count <= max else { throw TPMError(.size) }
        var items: [T] = []
        for _ in 0..<count { items.append(try element(&reader)) }
        return items
    }
}
