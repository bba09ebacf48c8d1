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
    }
}

/// Why a profile could not be used, as a sentence saying what to do.
public struct ProfileError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
