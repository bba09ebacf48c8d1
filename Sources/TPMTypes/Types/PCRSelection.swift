/// TPMS_PCR_SELECTION (Part 2 §10.6.2): one bank and a bitmap of its PCRs.
public struct TPMPCRSelection: Equatable, Sendable, TPMCodable {
    public var hash: TPMAlgorithm
    public var select: [UInt8]

    /// A selection from its bank and its bitmap as carried on the wire.
    /// - Parameters:
    ///   - hash: the hash algorithm of the PCR bank (TPMI_ALG_HASH).
    ///   - select: the bitmap (pcrSelect), PCR n at bit n % 8 of byte n / 8; its count is sizeofSelect.
    public init(hash: TPMAlgorithm, select: [UInt8]) {
        self.hash = hash
        self.select = select
    }

    /// A selection of the PCRs numbered in `pcrs`.
    /// - Parameters:
    ///   - hash: the hash algorithm of the PCR bank (TPMI_ALG_HASH).
    ///   - pcrs: the PCR numbers to select; any beyond the bitmap is left out.
    ///   - sizeOfSelect: the length of the bitmap in bytes (sizeofSelect); PCR_SELECT_MIN by default.
    public init(hash: TPMAlgorithm, pcrs: [Int], sizeOfSelect: Int = TPMLimits.pcrSelectMin) {
        var bits = [UInt8](repeating: 0, count: sizeOfSelect)
        for pcr in pcrs where pcr / 8 < sizeOfSelect { bits[pcr / 8] |= 1 << (pcr % 8) }
        self.init(hash: hash, select: bits)
    }

    /// The hash is a TPMI_ALG_HASH without NULL (TPM_RC_HASH); sizeofSelect lies in
    /// PCR_SELECT_MIN...PCR_SELECT_MAX (TPM_RC_VALUE), checked before the bitmap is read.
    public init(from reader: inout TPMReader) throws(TPMError) {
        hash = try TPMAlgorithm(from: &reader)
        guard hash.hashAlgorithm != nil else { throw TPMError(.hash) }
        let size = Int(try reader.read(UInt8.self))
        guard size >= TPMLimits.pcrSelectMin, size <= TPMLimits.pcrSelectMax else { throw TPMError(.value) }
        select = try reader.readBytes(size)
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(hash)
        writer.write(UInt8(select.count))
        writer.write(bytes: select)
    }

    /// Whether the PCR numbered `pcr` is selected.
    /// - Parameter pcr: the PCR number.
    /// - Returns: true when its bit is set; false for a number beyond the bitmap.
    public func contains(_ pcr: Int) -> Bool {
        pcr / 8 < select.count && select[pcr / 8] & (1 << (pcr % 8)) != 0
    }

    /// Selected PCR numbers in ascending order.
    public var pcrs: [Int] { (0..<select.count * 8).filter(contains) }
}

/// TPML_PCR_SELECTION.
public struct TPMPCRSelectionList: Equatable, Sendable, TPMCodable {
    public var selections: [TPMPCRSelection]

    /// A TPML_PCR_SELECTION holding `selections` in order.
    /// - Parameter selections: the TPMS_PCR_SELECTIONs of the list; none by default.
    public init(_ selections: [TPMPCRSelection] = []) { self.selections = selections }

    public init(from reader: inout TPMReader) throws(TPMError) {
        let count: UInt32 = try reader.read()
        guard count <= 16 else { throw TPMError(.size) }  // HASH_COUNT bound
        selections = []
        for _ in 0..<count { selections.append(try TPMPCRSelection(from: &reader)) }
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(UInt32(selections.count))
        for selection in selections { writer.write(selection) }
    }
}
