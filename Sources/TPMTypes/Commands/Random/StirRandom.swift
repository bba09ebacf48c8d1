/// TPM2_StirRandom (Part 3 §16.2): caller data mixed into the DRBG as additional input.
public enum StirRandom: TPMCommandDescription {
    public static let code = TPMCommandCode.stirRandom
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .writesNV]

    public struct Parameters: TPMParameterList {
        public var inData: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.inData, max: TPMLimits.maxSensitiveData)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter inData: the additional information mixed into the DRBG state.
        public init(inData: [UInt8]) { self.inData = inData }
    }

    public typealias Response = TPMNoParameters
}
