import TPMTypes
import Testing

@testable import TPM2

/// TPM_RC numbering (Part 2 §6.6.3): a format-one code carries the culprit in bits 8–11:
/// parameter n is 0x040 | n << 8, handle n is n << 8, session n is (n + 8) << 8.
@Suite("TPM_RC numbering")
struct ResponseCodeTests {
    static let numbered: [(TPMError, UInt32)] = [
        (TPMError(.value, .parameter(1)), 0x1C4),
        (TPMError(.hash, .parameter(2)), 0x2C3),
        (TPMError(.value, .parameter(15)), 0xFC4),
        (TPMError(.value, .handle(1)), 0x184),
        (TPMError(.handle, .handle(2)), 0x28B),
        (TPMError(.value, .handle(7)), 0x784),
        (TPMError(.value, .session(1)), 0x984),
        (TPMError(.handle, .session(3)), 0xB8B),
        (TPMError(.size, .session(4)), 0xC95),
        (TPMError(.insufficient, .session(7)), 0xF9A),
        (TPMError(.size), 0x095),
    ]

    @Test("format-one codes take the parameter, handle or session number", arguments: numbered)
    func formatOne(error: TPMError, wire: UInt32) {
        #expect(error.responseCode == wire)
    }

    /// Format-zero codes and warnings are complete values: a culprit never changes them.
    static let complete: [(TPMResponseCode, UInt32)] = [
        (.initialize, 0x100),
        (.commandSize, 0x142),
        (.commandCode, 0x143),
        (.authSize, 0x144),
        (.authMissing, 0x125),
        (.badTag, 0x01E),
        (.referenceH0, 0x910),
        (.referenceS0, 0x918),
        (.objectMemory, 0x902),
    ]

    @Test("format-zero codes and warnings ignore any culprit", arguments: complete)
    func formatZero(code: TPMResponseCode, wire: UInt32) {
        #expect(!code.isFormatOne)
        #expect(TPMError(code).responseCode == wire)
        #expect(TPMError(code, .parameter(3)).responseCode == wire)
        #expect(TPMError(code).at(.handle(2)) == TPMError(code))
    }

    /// The innermost layer that knows the culprit names it; outer layers must not rename it.
    @Test("the first culprit named wins")
    func firstCulpritWins() {
        let inner = TPMError(.size).at(.parameter(2))
        #expect(inner.at(.parameter(4)) == TPMError(.size, .parameter(2)))
        #expect(inner.responseCode == 0x2D5)
    }

    @Test("every format-one constant has bit 7 set, every other constant has it clear")
    func formatBit() {
        let formatOne: [TPMResponseCode] = [
            .asymmetric, .attributes, .hash, .value, .hierarchy, .keySize, .mgf, .mode,
            .type, .handle, .kdf, .range, .authFail, .nonce, .pp, .scheme, .size,
            .symmetric, .tag, .selector, .insufficient, .signature, .key, .policyFail,
            .integrity, .ticket, .reservedBits, .badAuth, .expired, .policyCC,
            .binding, .curve, .eccPoint,
        ]
        for code in formatOne { #expect(code.isFormatOne, "\(code)") }
        let formatZero: [TPMResponseCode] = [
            .success, .badTag, .initialize, .failure, .sequence, .authMissing,
            .commandSize, .commandCode, .authSize, .nvUnavailable, .lockout,
            .sessionMemory, .referenceH0, .referenceS0,
        ]
        for code in formatZero { #expect(!code.isFormatOne, "\(code)") }
    }
}
