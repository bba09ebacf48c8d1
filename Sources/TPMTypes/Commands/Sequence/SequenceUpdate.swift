/// TPM2_SequenceUpdate (Part 3 §17.4): more data into a hash, HMAC or event sequence.
public enum SequenceUpdate: TPMCommandDescription {
    public static let code = TPMCommandCode.sequenceUpdate
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var buffer: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.buffer, max: TPMLimits.maxBuffer)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter buffer: the data to add to the sequence.
        public init(buffer: [UInt8]) { self.buffer = buffer }
    }

    public typealias Response = TPMNoParameters
}
