import TPMTypes

/// One TPM command: its code, handle layout and the function that does its work. The
/// dispatcher unmarshals before `execute` and marshals after it; commands never see bytes.
protocol TPMCommand {
    associatedtype Input
    associatedtype Output: TPMCommandOutput

    static var code: TPMCommandCode { get }
    /// One entry per handle in the handle area, in order.
    static var handles: [AuthRole] { get }
    /// The handle types each slot accepts (its TPMI_ type); empty when any is fine. Another
    /// type fails unmarshalling with TPM_RC_VALUE for that handle, before anything else.
    static var handleTypes: [Set<TPMHandleType>] { get }
    /// Whether the first command parameter is a TPM2B that a decrypt session may encrypt.
    static var firstParameterEncryptable: Bool { get }
    /// Whether the first response parameter is a TPM2B that an encrypt session may encrypt.
    static var firstResponseEncryptable: Bool { get }
    /// TPMA_CC.nv: the command may write NV (Part 2 §8.9).
    static var writesNV: Bool { get }
    /// TPMA_CC.flushed: the command flushes its handles (Part 2 §8.9).
    static var flushesHandles: Bool { get }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input
    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output
}

extension TPMCommand {
    static var handles: [AuthRole] { [] }
    static var handleTypes: [Set<TPMHandleType>] { [] }
    static var firstParameterEncryptable: Bool { false }
    static var firstResponseEncryptable: Bool { false }
    static var writesNV: Bool { false }
    static var flushesHandles: Bool { false }
}

/// A response's handle (at most one) and its parameters.
protocol TPMCommandOutput {
    var responseHandle: TPMHandle? { get }
    func marshalParameters(into writer: inout TPMWriter)
}

extension TPMCommandOutput {
    var responseHandle: TPMHandle? { nil }
}

/// The output of commands that return nothing.
struct NoOutput: TPMCommandOutput {
    func marshalParameters(into writer: inout TPMWriter) {}
}

/// The input of commands that take nothing.
struct NoInput {}

extension TPMReader {
    /// Reads parameter `number`, blaming it for any format-one failure (Part 2 §6.6.3).
    mutating func parameter<T: TPMUnmarshallable>(_ number: Int, _: T.Type = T.self) throws(TPMError) -> T {
        do { return try T(from: &self) } catch { throw error.at(.parameter(number)) }
    }

    /// Reads TPM2B parameter `number` of at most `maxSize` bytes.
    mutating func sizedParameter(_ number: Int, max maxSize: Int) throws(TPMError) -> [UInt8] {
        do { return try readSized(max: maxSize) } catch { throw error.at(.parameter(number)) }
    }

    /// Reads TPM2B_ECC_POINT parameter `number`, which may not be empty (TPM_RC_SIZE).
    mutating func pointParameter(_ number: Int) throws(TPMError) -> TPMECCPoint {
        try TPMError.attributing(.parameter(number)) { () throws(TPMError) in
            guard let point = try readNested({ (inner: inout TPMReader) throws(TPMError) in try TPMECCPoint(from: &inner) }) else {
                throw TPMError(.size)
            }
            return point
        }
    }

    /// Reads an integer parameter.
    mutating func integerParameter<T: FixedWidthInteger & UnsignedInteger>(_ number: Int, _: T.Type = T.self) throws(TPMError) -> T {
        do { return try read(T.self) } catch { throw error.at(.parameter(number)) }
    }
}
