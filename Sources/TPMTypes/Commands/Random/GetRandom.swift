/// TPM2_GetRandom (Part 3 §16.1): random bytes from the TPM's DRBG.
public enum GetRandom: TPMCommandDescription {
    public static let code = TPMCommandCode.getRandom
    public static let attributes: TPMCommandAttributes = [.encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var bytesRequested: UInt16 = 0
        public static let fields: [TPMField<Self>] = [.integer(\.bytesRequested)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter bytesRequested: the number of random octets wanted.
        public init(bytesRequested: UInt16) { self.bytesRequested = bytesRequested }
    }

    public struct Response: TPMParameterList {
        public var randomBytes: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.randomBytes, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameter randomBytes: the random octets (at most the size of the largest digest).
        public init(randomBytes: [UInt8]) { self.randomBytes = randomBytes }
    }
}
