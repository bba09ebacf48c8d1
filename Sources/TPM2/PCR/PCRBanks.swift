import TPMTypes
import TrustCrypto

/// The PCRs of every allocated bank, with the PC Client platform's locality rules
/// (PC Client Platform TPM Profile §4.6: which localities may reset and extend each PCR).
struct PCRBanks {
    private(set) var values: [TPMAlgorithm: [[UInt8]]] = [:]
    /// Incremented by every extend and reset of a PCR (TPM_PT_PCR_UPDATE_COUNTER).
    private(set) var updateCounter: UInt32 = 0
    let count: Int
    /// Per-PCR authValue (PCR_SetAuthValue) for the PCRs of the auth group (16–23 in the PC
    /// Client profile); their policies are permanent state.
    var authValues: [Int: [UInt8]] = [:]

    /// Bit n set: locality n may reset / extend. PCR 0–15 only reset at TPM Reset; 16 and 23
    /// are debug/application PCRs; 17–22 belong to the dynamic root of trust.
    static let resetLocalities: [UInt8] =
        Array(repeating: 0, count: 16) + [0x1F, 0x10, 0x10, 0x10, 0x14, 0x04, 0x04, 0x1F]
    static let extendLocalities: [UInt8] =
        Array(repeating: 0x1F, count: 16) + [0x1F, 0x1C, 0x1C, 0x0C, 0x0E, 0x04, 0x04, 0x1F]

    init(banks: [TPMAlgorithm], count: Int) {
        self.count = count
        for bank in banks { values[bank] = Self.initialValues(bank, count: count) }
    }

    /// DRTM PCRs 17–22 start at all ones until a dynamic launch resets them to zero.
    private static func initialValues(_ bank: TPMAlgorithm, count: Int) -> [[UInt8]] {
        let size = bank.hashAlgorithm?.digestSize ?? 0
        return (0..<count).map { pcr in
            [UInt8](repeating: (17...22).contains(pcr) ? 0xFF : 0x00, count: size)
        }
    }

    var banks: [TPMAlgorithm] { values.keys.sorted { $0.rawValue < $1.rawValue } }

    func value(_ bank: TPMAlgorithm, _ pcr: Int) -> [UInt8]? {
        guard let bankValues = values[bank], pcr < bankValues.count else { return nil }
        return bankValues[pcr]
    }

    func canExtend(_ pcr: Int, locality: UInt8) -> Bool {
        pcr < count && pcr < Self.extendLocalities.count && locality < 5
            && Self.extendLocalities[pcr] & (1 << locality) != 0
    }

    func canReset(_ pcr: Int, locality: UInt8) -> Bool {
        pcr < count && pcr < Self.resetLocalities.count && locality < 5
            && Self.resetLocalities[pcr] & (1 << locality) != 0
    }

    /// PCR[i] = H(PCR[i] || digest) in `bank`; banks not allocated are ignored (Part 3 §22.2).
    mutating func extend(_ pcr: Int, bank: TPMAlgorithm, digest: [UInt8]) {
        guard let hash = bank.hashAlgorithm, var bankValues = values[bank], pcr < bankValues.count else { return }
        bankValues[pcr] = EngineCrypto.digest(hash, bankValues[pcr] + digest)
        values[bank] = bankValues
        updateCounter &+= 1
    }

    mutating func reset(_ pcr: Int, to fill: UInt8 = 0) {
        for bank in banks {
            guard var bankValues = values[bank], pcr < bankValues.count else { continue }
            bankValues[pcr] = [UInt8](repeating: fill, count: bankValues[pcr].count)
            values[bank] = bankValues
        }
        updateCounter &+= 1
    }

    mutating func noteUpdate() { updateCounter &+= 1 }

    /// Values restored from a Shutdown(STATE) image.
    mutating func restore(_ saved: [TPMAlgorithm: [[UInt8]]], updateCounter: UInt32) {
        for (bank, bankValues) in saved where values[bank] != nil && bankValues.count == count {
            // Only PCRs 0–15 are saved; the others restart from their initial values.
            var current = values[bank] ?? []
            for pcr in 0..<min(16, count) { current[pcr] = bankValues[pcr] }
            values[bank] = current
        }
        self.updateCounter = updateCounter
    }

    /// The digest of the selected PCRs' concatenated values, bank by bank in selection order
    /// (Part 1, "Selecting Multiple PCR"; used by creation data, quotes and PolicyPCR).
    func digest(_ selection: TPMPCRSelectionList, hash: HashAlgorithm) -> [UInt8] {
        EngineCrypto.digest(
            hash, selection.selections.flatMap { select in select.pcrs.compactMap { value(select.hash, $0) } })
    }

    /// The selection with unimplemented PCRs removed and unallocated banks dropped, or with
    /// `keepingBanks` left in place with no PCR selected, as Part 4's FilterPcr does for the
    /// selection PolicyPCR hashes.
    func filter(_ selection: TPMPCRSelectionList, keepingBanks: Bool = false) -> TPMPCRSelectionList {
        TPMPCRSelectionList(
            selection.selections.compactMap { select in
                guard values[select.hash] != nil else {
                    return keepingBanks ? TPMPCRSelection(hash: select.hash, select: select.select.map { _ in 0 }) : nil
                }
                var bits = select.select
                for i in 0..<bits.count * 8 where i >= count { bits[i / 8] &= ~(1 << (i % 8)) }
                return TPMPCRSelection(hash: select.hash, select: bits)
            })
    }
}
