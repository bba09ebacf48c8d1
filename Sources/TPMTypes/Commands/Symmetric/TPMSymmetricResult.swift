/// What TPM2_EncryptDecrypt and TPM2_EncryptDecrypt2 answer: the data, and the chaining value
/// to continue with (TPM2B_IV).
public struct TPMSymmetricResult: TPMParameterList, Equatable, Sendable {
    public var outData: [UInt8] = []
    public var ivOut: [UInt8] = []
    public static let fields: [TPMField<Self>] = [
        .sized(\.outData, max: TPMLimits.maxBuffer), .sized(\.ivOut, max: 16),
    ]

    public init() {}
    /// Creates the response from each field.
    /// - Parameters:
    ///   - outData: the encrypted or decrypted data.
    ///   - ivOut: the chaining value to use as the IV of the next call.
    public init(outData: [UInt8], ivOut: [UInt8]) {
        self.outData = outData
        self.ivOut = ivOut
    }
}
