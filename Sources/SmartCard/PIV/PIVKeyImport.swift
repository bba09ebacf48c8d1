enum PIVKeyImport {
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        throw .instructionNotSupported
    }
}
