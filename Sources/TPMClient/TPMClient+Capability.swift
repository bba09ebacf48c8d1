import TPMTypes

/// GetCapability as callers use it: a whole list across moreData, or one TPM property.
extension TPMClient {
    /// Every entry of `capability` from `property` on, `count` per request, asking again while
    /// the TPM says moreData.
    /// - Parameters:
    ///   - capability: the list to read (TPM_CAP).
    ///   - property: the first property, handle, algorithm or command code wanted.
    ///   - count: how many entries to ask for in each GetCapability.
    /// - Returns: each answer's list, in order.
    public func capabilityData(
        _ capability: TPMCapability, from property: UInt32 = 0,
        count: UInt32 = 1024
    ) throws(TPMCommandFailure) -> [TPMCapabilityData] {
        var pieces: [TPMCapabilityData] = []
        var next = property
        while true {
            let answer = try call(GetCapability.self, .init(capability, property: next, count: count))
            // A list of another kind, or one that does not move on, is not an answer to follow.
            guard answer.capabilityData.capability == capability else { throw .malformedResponse(GetCapability.code) }
            pieces.append(answer.capabilityData)
            guard answer.moreData, let last = Self.lastKey(of: answer.capabilityData), last < UInt32.max else {
                return pieces
            }
            guard last >= next else { throw .malformedResponse(GetCapability.code) }
            next = last + 1
        }
    }

    /// TPM properties (TPM_CAP_TPM_PROPERTIES) from `first` on, at most `count`.
    /// - Parameters:
    ///   - first: the first TPM_PT wanted.
    ///   - count: the most properties to return.
    /// - Returns: the properties the TPM reported, in order.
    public func tpmProperties(from first: UInt32, count: UInt32) throws(TPMCommandFailure) -> [TPMTaggedProperty] {
        let answer = try call(GetCapability.self, .init(.tpmProperties, property: first, count: count))
        guard case .tpmProperties(let properties) = answer.capabilityData else {
            throw .malformedResponse(GetCapability.code)
        }
        return properties
    }

    /// One TPM property's value.
    /// - Parameter property: the TPM_PT wanted.
    /// - Returns: its value, or nil when the TPM does not report it.
    public func tpmProperty(_ property: UInt32) throws(TPMCommandFailure) -> UInt32? {
        try tpmProperties(from: property, count: 1).first { $0.property == property }?.value
    }

    /// The property value a list's last entry is ordered by, for the next request.
    private static func lastKey(of data: TPMCapabilityData) -> UInt32? {
        switch data {
        case .algorithms(let items): return items.last.map { UInt32($0.algorithm.rawValue) }
        case .handles(let items): return items.last
        case .commands(let items): return items.last.map { $0 & 0x2000_FFFF }  // commandIndex and the vendor bit
        case .ppCommands(let items), .auditCommands(let items): return items.last?.rawValue
        case .pcrs: return nil
        case .tpmProperties(let items): return items.last?.property
        case .pcrProperties(let items): return items.last?.tag
        case .eccCurves(let items): return items.last.map { UInt32($0.rawValue) }
        }
    }
}
