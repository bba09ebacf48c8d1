import Foundation

/// A named chip: what an emulator reports and accepts so that it behaves like that part.
/// Each YAML file in HardwareProfiles/ decodes into one of these; values that came from a
/// real chip say where in a comment of the file.
public struct HardwareProfile: Codable, Equatable, Sendable {
    public var name: String
    /// Other names ProfileLoader finds this profile by (generic-tcm2 is also tcm2-generic).
    public var aliases: [String]?
    public var description: String
    public var kind: Kind
    public var tpm: TPMSection?
    public var card: CardSection?

    public enum Kind: String, Codable, Sendable {
        case tpm
        case tcm
        case card
    }

    /// The properties a TPM 2.0 (or TCM 2.0) reports through GetCapability.
    public struct TPMSection: Codable, Equatable, Sendable {
        /// TPM_PT_MANUFACTURER: four ASCII characters.
        public var manufacturer: String
        /// TPM_PT_VENDOR_STRING_1..4: four characters each; "SW  " marks a simulator.
        public var vendorStrings: [String]
        public var vendorTPMType: UInt32
        /// TPM_PT_FIRMWARE_VERSION_1 and _2.
        public var firmwareVersion: [UInt32]
        /// TPM_PT_LEVEL and TPM_PT_REVISION (revision × 100, so 1.59 is 159).
        public var specLevel: UInt32
        public var specRevision: UInt32
        public var specDayOfYear: UInt32
        public var specYear: UInt32
        /// Algorithm names as tpm2-tools spells them (sha256, rsa, ecc, aes, cfb, ...).
        public var algorithms: [String]
        /// Command names as Part 3 spells them (CreatePrimary, PCR_Extend, ...).
        public var commands: [String]
        /// PCR banks allocated at manufacture.
        public var pcrBanks: [String]
        public var pcrCount: Int
        /// Curve names: nist_p256, nist_p384, nist_p521, bn_p256, sm2_p256.
        public var eccCurves: [String]
        public var rsaKeySizes: [Int]
        /// The EKs certified at manufacture, as tpm2_createek names them (rsa2048, ecc_nist_p256,
        /// ecc_sm2_p256); absent means the TCG defaults rsa2048 and ecc_nist_p256.
        public var endorsementKeys: [String]?
        public var transientObjectSlots: Int
        public var loadedSessionSlots: Int
        public var activeSessions: Int
        public var persistentObjectSlots: Int
        public var nvMemoryBytes: Int
        public var maxNVIndexSize: Int
        public var maxNVBufferSize: Int
        public var maxCommandSize: Int
        public var maxResponseSize: Int
        public var maxDigestBuffer: Int
        /// Dictionary-attack defaults at manufacture (Part 1 §19.8.3).
        public var lockoutMaxTries: UInt32
        public var lockoutRecoverySeconds: UInt32
        public var lockoutAuthRecoverySeconds: UInt32
        /// How TPM_EO_SIGNED_* in PolicyNV and PolicyCounterTimer order two negative operands:
        /// `reference` (absent) as Part 4's SignedCompareB and chips built from it, or
        /// `twos-complement`, as the integers they encode (docs/DIFFERENCES.md).
        public var signedComparison: String?
    }
}

extension HardwareProfile {
    /// What a smart card reports before any APDU and how large an exchange it accepts
    /// (ISO/IEC 7816-3 §8 for the ATR, 7816-4 §5.1 and §12.1.1 for the length limits).
    public struct CardSection: Codable, Equatable, Sendable {
        /// The Answer-to-Reset as hex digits (spaces allowed), TS through TCK.
        public var atr: String
        /// The ATR's historical bytes as hex digits: the card's capabilities (7816-4 §12.1.1),
        /// repeated here so a profile states them and a test checks they sit inside `atr`.
        public var historicalBytes: String
        /// Largest command data field (Nc) accepted in one APDU or a whole command chain.
        public var maxCommandDataLength: Int
        /// Largest response data field (Ne) one APDU returns; more waits for GET RESPONSE.
        public var maxResponseDataLength: Int
        /// Whether extended Lc/Le fields (three-byte Lc, two- or three-byte Le) are accepted.
        public var extendedLength: Bool
        /// Logical channels including the basic channel 0 (1 means MANAGE CHANNEL is refused).
        public var logicalChannels: Int
        /// The applications the card hosts besides its file system, selected by AID: "piv",
        /// "openpgp". Absent or empty: the ISO 7816-4 test card's file system only.
        public var applications: [String]?
        /// The chip's serial number, as applications report it (PIV GET SERIAL, the OpenPGP AID).
        public var serialNumber: UInt32?
        /// The firmware version applications report ("5.4.3": PIV GET VERSION).
        public var firmwareVersion: String?
        /// The key algorithms the chip offers, by the card's key kind names (aes128, aes192,
        /// aes256, tdes, rsa1024, rsa2048, rsa3072, rsa4096, ecP256, ecP384). Absent: every
        /// algorithm its applications know. Applications refuse the others (6A80) and do not
        /// advertise them.
        public var algorithms: [String]?

        /// A card section from its fields.
        /// - Parameters:
        ///   - atr: the Answer-to-Reset as hex digits (spaces allowed), TS through TCK.
        ///   - historicalBytes: the ATR's historical bytes as hex digits (7816-4 §12.1.1).
        ///   - maxCommandDataLength: the largest command data field (Nc) accepted in one APDU or chain.
        ///   - maxResponseDataLength: the largest response data field (Ne) one APDU returns.
        ///   - extendedLength: whether extended Lc/Le fields are accepted.
        ///   - logicalChannels: the logical channels, basic channel 0 included (1 refuses MANAGE CHANNEL).
        ///   - applications: the applications hosted besides the file system ("piv", "openpgp");
        ///     nil for the file system only.
        ///   - serialNumber: the chip's serial number as applications report it; nil reports 0.
        ///   - firmwareVersion: the firmware version applications report ("5.4.3"); nil: PIV reports 5.4.3.
        ///   - algorithms: the key algorithms offered, by the card's key kind names; nil for every
        ///     algorithm the applications know.
        public init(
            atr: String, historicalBytes: String, maxCommandDataLength: Int, maxResponseDataLength: Int,
            extendedLength: Bool, logicalChannels: Int, applications: [String]? = nil,
            serialNumber: UInt32? = nil, firmwareVersion: String? = nil, algorithms: [String]? = nil
        ) {
            self.atr = atr
            self.historicalBytes = historicalBytes
            self.maxCommandDataLength = maxCommandDataLength
            self.maxResponseDataLength = maxResponseDataLength
            self.extendedLength = extendedLength
            self.logicalChannels = logicalChannels
            self.applications = applications
            self.serialNumber = serialNumber
            self.firmwareVersion = firmwareVersion
            self.algorithms = algorithms
        }

        /// The ATR as bytes; nil when `atr` is not whole hex bytes.
        public var atrBytes: [UInt8]? { Hex.bytes(atr) }
        public var historicalByteValues: [UInt8]? { Hex.bytes(historicalBytes) }
    }
}

/// Why a profile could not be used, as a sentence saying what to do.
public struct ProfileError: Error, CustomStringConvertible, Equatable {
    public let description: String
    /// A profile error that reads `description`.
    /// - Parameter description: the sentence saying what is wrong and what to do.
    public init(_ description: String) { self.description = description }
}
