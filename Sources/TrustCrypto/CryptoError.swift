/// The one error type of the crypto seam. The TPM layer maps each case to a response code;
/// the associated strings are for people reading logs, never for the wire.
public enum CryptoError: Error, Equatable {
    /// An OpenSSL call failed for a reason that is not the caller's input; carries OpenSSL's error string.
    case openSSL(String)
    /// A buffer had the wrong length; resend with `expected` bytes.
    case wrongInputSize(expected: Int, got: Int)
    /// Key material fails validation (off-curve point, prime not dividing the modulus, bad exponent, ...).
    case invalidKey(String)
    /// An input is well-sized but unusable (value out of range, stream too short, ...); the string says which.
    case invalidInput(String)
    /// The algorithm, curve, mode or key size is not provided by this build.
    case unsupported(String)
    /// Decryption or padding check failed; deliberately silent about which check, so it is no oracle.
    case decryptionFailed
}
