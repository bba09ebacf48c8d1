import Foundation
import Testing

@testable import DeviceStore

/// Transactions, recovery and integrity of the record store, on the simulated medium (power
/// cut at every write point) and on a real folder (damaged files, keys).
@Suite("Record store")
struct RecordStoreTests {
    let before = [RecordChange("alpha", Array("old alpha".utf8)), RecordChange("beta", Array("old beta".utf8))]
    let after = [
        RecordChange("alpha", Array("new alpha, longer".utf8)), RecordChange("beta", nil),
        RecordChange("gamma", Array(repeating: 7, count: 300)),
    ]

    private func contents(_ store: DeviceStore) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for name in try store.names() { out[name] = try store.read(name) }
        return out
    }

    private func image(_ changes: [RecordChange]) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for change in changes { out[change.name] = change.bytes }
        return out
    }

    @Test(
        "A power cut at any write point of a transaction, torn or clean, recovers to all of it or none of it",
        arguments: [false, true])
    func powerCutAnywhere(torn: Bool) throws {
        // Count the write points of the transaction once.
        let counting = SimulatedMedium()
        try RecordStore(medium: counting).commit(before)
        let start = counting.writePoints
        try RecordStore(medium: counting).commit(after)
        let points = counting.writePoints - start
        #expect(
            points == 7, "the journal, two shadow copies (write and rename each), one removal, the journal's removal")

        let beforeImage = image(before)
        var afterImage = beforeImage
        for change in after { afterImage[change.name] = change.bytes }
        var outcomes: Set<String> = []
        for point in 1...points {
            let medium = SimulatedMedium()
            try RecordStore(medium: medium).commit(before)
            let store = try RecordStore(medium: medium)
            medium.cut(at: point, torn: torn)
            #expect(throws: StoreError.powerLost) { try store.commit(after) }
            let recovered = try contents(RecordStore(medium: SimulatedMedium(files: medium.snapshot)))
            #expect(recovered == beforeImage || recovered == afterImage, "cut at write point \(point)")
            outcomes.insert(recovered == afterImage ? "after" : "before")
        }
        #expect(outcomes == ["before", "after"], "cuts before the journal is whole roll back, later ones roll forward")
    }

    @Test("A single record is replaced by shadow copy: a cut before the rename completes leaves the old bytes")
    func singleRecord() throws {
        for point in 1...2 {
            for torn in [false, true] {
                let medium = SimulatedMedium()
                try RecordStore(medium: medium).write("record", [1, 2, 3])
                let store = try RecordStore(medium: medium)
                medium.cut(at: point, torn: torn)
                #expect(throws: StoreError.powerLost) { try store.write("record", [4, 5, 6, 7]) }
                let recovered = try RecordStore(medium: SimulatedMedium(files: medium.snapshot))
                #expect(try recovered.read("record") == [1, 2, 3], "cut at write point \(point), torn \(torn)")
                #expect(try recovered.names() == ["record"], "no temporary file is left")
            }
        }
    }

    @Test("Damage is reported with the file and never repaired: flipped bit, truncation, a record copied over another")
    func damage() throws {
        let medium = SimulatedMedium(location: "/state")
        let store = try RecordStore(medium: medium)
        try store.commit([RecordChange("one", Array("first record".utf8)), RecordChange("two", Array("second".utf8))])
        var files = medium.snapshot

        var flipped = files["one"]!
        flipped[14] ^= 0x01
        files["one"] = flipped
        #expect(
            throws: StoreError.corrupt(
                path: "/state/one",
                reason:
                    "fails its SHA-256 integrity check (bits changed on the medium, or the file belongs to another record)"
            )
        ) {
            try RecordStore(medium: SimulatedMedium(files: files, location: "/state")).read("one")
        }
        files["one"] = Array(medium.snapshot["one"]!.dropLast(5))
        #expect { try RecordStore(medium: SimulatedMedium(files: files, location: "/state")).read("one") } throws: {
            error in
            (error as? StoreError)?.description.contains("/state/one is truncated") == true
        }
        files["one"] = medium.snapshot["two"]
        #expect { try RecordStore(medium: SimulatedMedium(files: files, location: "/state")).read("one") } throws: {
            error in
            (error as? StoreError)?.description.contains("belongs to another record") == true
        }
        files["one"] = Array("raw bytes from elsewhere".utf8)
        #expect { try RecordStore(medium: SimulatedMedium(files: files, location: "/state")).read("one") } throws: {
            error in
            let text = (error as? StoreError)?.description ?? ""
            return text.contains("no TBSR header") && text.contains("restore the folder from a backup")
        }
    }

    @Test(
        "With a key the records are AES-256-GCM: unreadable without it, refused with another, and plain records refused"
    )
    func encryptedAtRest() throws {
        let key = [UInt8](repeating: 0x42, count: 32)
        let secret = Array("seed material that must not be on disk in clear".utf8)
        let medium = SimulatedMedium()
        try RecordStore(medium: medium, key: key).write("secret", secret)
        let file = try #require(medium.snapshot["secret"])
        #expect(file.count > secret.count)
        #expect(
            !file.indices.contains { Array(file[$0...].prefix(secret.count)) == secret }, "no plaintext on the medium")
        #expect(try RecordStore(medium: SimulatedMedium(files: medium.snapshot), key: key).read("secret") == secret)
        #expect { try RecordStore(medium: SimulatedMedium(files: medium.snapshot)).read("secret") } throws: { error in
            (error as? StoreError)?.description.contains("is encrypted; start with the --key") == true
        }
        #expect {
            try RecordStore(medium: SimulatedMedium(files: medium.snapshot), key: [UInt8](repeating: 1, count: 32))
                .read("secret")
        } throws: { error in
            (error as? StoreError)?.description.contains("does not decrypt with the given --key") == true
        }
        let plain = SimulatedMedium()
        try RecordStore(medium: plain).write("secret", secret)
        #expect { try RecordStore(medium: SimulatedMedium(files: plain.snapshot), key: key).read("secret") } throws: {
            error in
            (error as? StoreError)?.description.contains("stored unencrypted") == true
        }
    }

    @Test("A torn journal is dropped and a whole one finished when the store opens; the journal codec round-trips")
    func journalRecovery() throws {
        #expect(RecordStore.decodeJournal(RecordStore.encodeJournal(after)) == after)
        #expect(RecordStore.decodeJournal(Array(RecordStore.encodeJournal(after).dropLast())) == nil)

        let medium = SimulatedMedium()
        try RecordStore(medium: medium).commit(before)
        let journal = try RecordEnvelope.seal(RecordStore.encodeJournal(after), name: RecordStore.journal, key: nil)
        var torn = medium.snapshot
        torn[RecordStore.journal] = Array(journal.prefix(journal.count - 3))
        let rolledBack = SimulatedMedium(files: torn)
        #expect(try contents(RecordStore(medium: rolledBack)) == image(before))
        #expect(rolledBack.snapshot[RecordStore.journal] == nil)

        var whole = medium.snapshot
        whole[RecordStore.journal] = journal
        let rolledForward = SimulatedMedium(files: whole)
        var afterImage = image(before)
        for change in after { afterImage[change.name] = change.bytes }
        #expect(try contents(RecordStore(medium: rolledForward)) == afterImage)
        #expect(rolledForward.snapshot[RecordStore.journal] == nil)
        #expect(throws: StoreError.badName("journal")) { try RecordStore(medium: rolledForward).write("journal", []) }
    }

    @Test("The folder store: records survive reopening, a second opener is refused, stray temporary files go")
    func folder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trustbench-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let store = try DirectoryStore(directory: folder)
            try store.commit(before)
            #expect { try DirectoryStore(directory: folder) } throws: { error in
                (error as? StoreError)?.description.contains("another process is using this state folder") == true
            }
        }
        try Data([1, 2, 3]).write(to: folder.appendingPathComponent("alpha.tmp"))
        let reopened = try DirectoryStore(directory: folder)
        #expect(try contents(reopened) == image(before))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("alpha.tmp").path))
        #expect(throws: StoreError.badName("alpha.tmp")) { try reopened.write("alpha.tmp", []) }
    }
}
