/// What a new card holds when its store is empty: the file tree, PINs and key slots written
/// at personalization. Applications (PIV, OpenPGP) bring their own layouts.
public struct CardLayout: Sendable {
    public var master: CardFile
    public var pins: [PinObject]
    public var keys: [CardKey]

    /// A layout from its file tree, PINs and key slots.
    /// - Parameters:
    ///   - master: the MF, holding the whole file tree.
    ///   - pins: the PINs and PUKs the card starts with.
    ///   - keys: the key slots the card starts with.
    public init(master: CardFile, pins: [PinObject] = [], keys: [CardKey] = []) {
        self.master = master
        self.pins = pins
        self.keys = keys
    }
}

extension CardLayout {
    /// A card whose file system only lists its hosted applications: the MF with EF.DIR (2F00),
    /// one application template (61 holding 4F the AID) per record, as ISO/IEC 7816-4 §8.2.1.1
    /// lets a terminal discover them.
    static func directory(of aids: [[UInt8]]) -> CardLayout {
        let records = aids.map { BERTLV.encode(0x61, BERTLV.encode(0x4F, $0)) }
        return CardLayout(
            master: .directory(
                fid: CardFileSystem.masterFileID,
                children: [
                    CardFile(
                        fid: 0x2F00, shortID: 30, access: AccessRules(read: .always, update: .never),
                        content: .linearVariable(records: records, maxRecordSize: 64, maxRecords: max(records.count, 1))
                    )
                ]))
    }

    /// The ISO 7816-4 test card: the MF with EF.DIR (2F00) and an EF 2F01; two applications
    /// whose AIDs share a prefix (F0 "TRUSTB" 01 and 02, proprietary AIDs per ISO/IEC 7816-5)
    /// for partial selection; in the first, EFs of every structure and access rule. PIN 01
    /// ("123456", 3 tries) with PUK 02 ("12345678", 5 tries); key 01 an AES-128 key for
    /// EXTERNAL AUTHENTICATE; 02 (RSA-2048) and 03 (EC P-256) empty until generated, used and
    /// generated after PIN 01.
    public static let firstAID: [UInt8] = [0xF0, 0x54, 0x52, 0x55, 0x53, 0x54, 0x42, 0x01]
    public static let secondAID: [UInt8] = [0xF0, 0x54, 0x52, 0x55, 0x53, 0x54, 0x42, 0x02]

    public static let isoDefault: CardLayout = {
        let directoryRecord = { (aid: [UInt8]) in BERTLV.encode(0x61, BERTLV.encode(0x4F, aid)) }
        let application = CardFile.directory(
            fid: 0x5000, name: firstAID,
            children: [
                CardFile(
                    fid: 0x5001, shortID: 1, access: AccessRules(read: .always, update: .pin(0x01)),
                    content: .transparent(Array(0..<64))),
                CardFile(
                    fid: 0x5002, shortID: 2, access: AccessRules(read: .pin(0x01), update: .never),
                    content: .transparent(Array("secret".utf8))),
                CardFile(
                    fid: 0x5003, shortID: 3, access: AccessRules(read: .always, update: .pin(0x01)),
                    content: .linearFixed(
                        records: [[UInt8](repeating: 0x11, count: 16), [UInt8](repeating: 0x22, count: 16)],
                        recordSize: 16, maxRecords: 4)),
                CardFile(
                    fid: 0x5004, shortID: 4, access: AccessRules(read: .always, update: .always),
                    content: .linearVariable(records: [[0x01], [0x02, 0x02]], maxRecordSize: 32, maxRecords: 8)),
                CardFile(
                    fid: 0x5005, shortID: 5, access: AccessRules(read: .externalKey(0x01), update: .never),
                    content: .transparent([0xCA, 0xFE])),
            ])
        let master = CardFile.directory(
            fid: CardFileSystem.masterFileID,
            children: [
                CardFile(
                    fid: 0x2F00, shortID: 30, access: AccessRules(read: .always, update: .never),
                    content: .linearVariable(
                        records: [directoryRecord(firstAID), directoryRecord(secondAID)],
                        maxRecordSize: 64, maxRecords: 8)),
                CardFile(
                    fid: 0x2F01, shortID: 1, access: AccessRules(read: .always, update: .never),
                    content: .transparent([0x80, 0x73, 0xF0, 0x01, 0xD3])),
                application,
                .directory(fid: 0x6000, name: secondAID, children: []),
            ])
        return CardLayout(
            master: master,
            pins: [
                PinObject(
                    reference: 0x01, value: Array("123456".utf8), maxTries: 3, minLength: 4, maxLength: 8,
                    resetReference: 0x02),
                PinObject(reference: 0x02, value: Array("12345678".utf8), maxTries: 5, minLength: 8, maxLength: 8),
            ],
            keys: [
                CardKey(reference: 0x01, kind: .aes128, material: .secret(Array(0x40..<0x50))),
                CardKey(reference: 0x02, kind: .rsa2048, useRule: .pin(0x01), generateRule: .pin(0x01)),
                CardKey(reference: 0x03, kind: .ecP256, useRule: .pin(0x01), generateRule: .pin(0x01)),
            ])
    }()
}
