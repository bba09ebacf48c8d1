import TPMTypes

/// TPM2_Unseal (Part 3 §12.7): returns the data of a sealed data object: a keyed-hash object
/// that is neither a key (sign, decrypt) nor restricted.
///
/// Response codes: TPM_RC_TYPE (not a keyed-hash object: handle 1), TPM_RC_ATTRIBUTES (sign,
/// decrypt or restricted set: handle 1), TPM_RC_AUTH_UNAVAILABLE (loaded without its sensitive area).
struct Unseal: TPMCommand {
    static let code = TPMCommandCode.unseal
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstResponseEncryptable = true

    struct Input { var item: TPMHandle }

    struct Output: TPMCommandOutput {
        var outData: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) { writer.writeSized(outData) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(item: handles[0])
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let item = try tpm.object(input.item, sequenceCode: .type)
        guard item.publicArea.type == .keyedHash else { throw TPMError(.type, .handle(1)) }
        guard item.attributes.isDisjoint(with: [.sign, .decrypt, .restricted]) else { throw TPMError(.attributes, .handle(1)) }
        return Output(outData: try item.requireSensitive().sensitive)
    }
}
