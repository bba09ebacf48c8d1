import Profiles
import TPMTypes

/// The profile as the engine needs it: sets to test membership and values to report.
struct EngineConfiguration {
    let profile: HardwareProfile.TPMSection
    let algorithms: Set<TPMAlgorithm>
    let commands: Set<TPMCommandCode>
    let curves: [TPMECCCurve]
    let pcrBanks: [TPMAlgorithm]
    let rsaKeySizes: Set<Int>
    /// TPM_EO_SIGNED_* order two negative operands as integers instead of as Part 4's
    /// SignedCompareB does (PolicyGrant.holds).
    let twosComplementSignedComparison: Bool

    /// The profile's TPM section checked for this build and, through `crypto`, for this
    /// process's libcrypto; ProfileError with a sentence otherwise.
    init(profile: HardwareProfile, crypto: AlgorithmCheck = .system) throws(ProfileError) {
        guard let tpm = profile.tpm else {
            throw ProfileError("profile \(profile.name) has no `tpm:` section; pick a TPM or TCM profile")
        }
        self.profile = tpm
        var algorithms = Set<TPMAlgorithm>()
        for name in tpm.algorithms {
            guard let alg = TPMAlgorithm.names[name.lowercased()] else {
                throw ProfileError(
                    "profile \(profile.name) lists unknown algorithm \(name); use names like sha256, rsa, ecc, aes, cfb"
                )
            }
            algorithms.insert(alg)
        }
        algorithms.insert(.null)
        self.algorithms = algorithms
        var commands = Set<TPMCommandCode>()
        for name in tpm.commands {
            guard let code = CommandTable.codesByName[name] else {
                throw ProfileError(
                    "profile \(profile.name) lists command \(name), which this build does not implement; remove it or check the spelling (Part 3 names, e.g. PCR_Extend)"
                )
            }
            commands.insert(code)
        }
        self.commands = commands
        var curves: [TPMECCCurve] = []
        for name in tpm.eccCurves {
            guard let curve = TPMECCCurve.names[name.lowercased()] else {
                throw ProfileError(
                    "profile \(profile.name) lists unknown curve \(name); use nist_p192, nist_p224, nist_p256, nist_p384, nist_p521, bn_p256, bn_p638 or sm2_p256"
                )
            }
            curves.append(curve)
        }
        self.curves = curves
        var banks: [TPMAlgorithm] = []
        for name in tpm.pcrBanks {
            guard let alg = TPMAlgorithm.names[name.lowercased()], alg.hashAlgorithm != nil, algorithms.contains(alg)
            else {
                throw ProfileError(
                    "profile \(profile.name) allocates PCR bank \(name), which is not one of its hash algorithms")
            }
            banks.append(alg)
        }
        self.pcrBanks = banks
        self.rsaKeySizes = Set(tpm.rsaKeySizes)
        switch tpm.signedComparison ?? "reference" {
        case "reference": twosComplementSignedComparison = false
        case "twos-complement": twosComplementSignedComparison = true
        case let other:
            throw ProfileError(
                "profile \(profile.name): signedComparison is \(other); use reference (Part 4's SignedCompareB, the default) or twos-complement"
            )
        }
        guard tpm.manufacturer.utf8.count <= 4, tpm.vendorStrings.count <= 4,
            tpm.vendorStrings.allSatisfy({ $0.utf8.count <= 4 })
        else {
            throw ProfileError("profile \(profile.name): manufacturer and each vendor string are at most 4 characters")
        }
        guard tpm.pcrCount >= 8 && tpm.pcrCount <= 32 else {
            throw ProfileError("profile \(profile.name): pcrCount must be between 8 and 32")
        }
        let namedAlgorithms = tpm.algorithms.compactMap { name in
            TPMAlgorithm.names[name.lowercased()].map { (name, $0) }
        }
        let namedCurves = tpm.eccCurves.compactMap { name in TPMECCCurve.names[name.lowercased()].map { (name, $0) } }
        if let missing = crypto.missing(algorithms: namedAlgorithms, curves: namedCurves) {
            throw ProfileError("profile \(profile.name) cannot start: \(missing)")
        }
    }

    func supports(_ alg: TPMAlgorithm) -> Bool { algorithms.contains(alg) }

    /// The longest digest of any implemented hash: the bound on hierarchy and PCR auth
    /// values (Part 3 §24.8).
    var largestDigestSize: Int { hashAlgorithms.compactMap { $0.hashAlgorithm?.digestSize }.max() ?? 32 }

    /// The hash algorithms the profile implements, in algorithm-ID order.
    var hashAlgorithms: [TPMAlgorithm] {
        algorithms.filter { $0.hashAlgorithm != nil }.sorted { $0.rawValue < $1.rawValue }
    }
}
