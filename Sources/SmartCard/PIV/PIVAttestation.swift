enum PIVAttestation {
    static func provision(_ state: inout PIVState, serial: UInt32, version: [UInt8]) {}
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        throw .instructionNotSupported
    }
}
