import TPMTypes
import TrustCrypto

/// TPM2_ECC_Encrypt (Part 3 §14.8, Library 1.59): encrypts with the public part of a loaded ECC
/// key: C1 = k·G, (x2, y2) = k·Q, C2 = M ⊕ KDF2(x2 ‖ y2), C3 = H(x2 ‖ M ‖ y2) — SM2 encryption
/// (GM/T 0003.4) when the key is SM2 P-256 and the hash SM3-256. Only the public area is used,
/// so a key loaded with LoadExternal's public part alone serves.
///
/// Response codes: TPM_RC_KEY (not an ECC key: handle 1), TPM_RC_SCHEME (no KDF scheme, one
/// differing from the key's, or not KDF2: parameter 2), TPM_RC_HASH (the scheme's hash is not
/// implemented: parameter 2), TPM_RC_KDF (inScheme not a KDF: parameter 2), TPM_RC_SIZE
/// (plainText longer than TPM2B_MAX_BUFFER: parameter 1), TPM_RC_NO_RESULT (the arithmetic failed).
struct ECC_Encrypt: TPMCommand {
    static let code = TPMCommandCode.eccEncrypt
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var key: TPMHandle
        var plainText: [UInt8]
        var inScheme: TPMScheme
    }

    struct Output: TPMCommandOutput {
        var c1: ECCPoint
        var c2: [UInt8]
        var c3: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeNested { TPMECCPoint(x: c1.x, y: c1.y).marshal(into: &$0) }
            writer.writeSized(c2)
            writer.writeSized(c3)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let plainText = try parameters.sizedParameter(1, max: TPMLimits.maxBuffer)
        let scheme = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in try TPMScheme(from: &parameters, kind: .kdf) }
        return Input(key: handles[0], plainText: plainText, inScheme: scheme)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let key = try tpm.object(input.key, sequenceCode: .key)
        let hash = try ECCEncryptionScheme.select(key: key, requested: input.inScheme, schemeNumber: 2, tpm: tpm)
        let publicKey = try key.eccPublicKey()
        do throws(CryptoError) {
            let (c1, c2, c3) = try publicKey.encryptSM2(input.plainText, hash: hash)
            return Output(c1: c1, c2: c2, c3: c3)
        } catch {
            throw TPMError(.noResult)
        }
    }
}
