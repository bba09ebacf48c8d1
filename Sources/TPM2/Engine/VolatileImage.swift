/// What Shutdown(STATE) saves and Startup(STATE) restores (Part 1 §37.?): the PCR values
/// of every bank and the PCR update counter. Layout (docs/STATE.md): "TBVS", u16 version,
/// u32 updateCounter, u8 bank count, then per bank: alg u16, u8 PCR count, each PCR a TPM2B.
struct VolatileImage: Equatable {
    var pcrValues: [TPMAlgorithm: [[UInt8]]]
    var pcrUpdateCounter: UInt32

    static let magic: [UInt8] = Array("TBVS".utf8)
    static let formatVersion: UInt16 = 1

    func encoded() -> [UInt8] {
        var w = TPMWriter()
        w.write(bytes: Self.magic)
        w.write(Self.formatVersion)
        w.write(pcrUpdateCounter)
        w.write(UInt8(pcrValues.count))
        for (bank, values) in pcrValues.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            w.write(bank)
            w.write(UInt8(values.count))
            for value in values { w.writeSized(value) }
        }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(StateFormatError) -> VolatileImage {
        var r = TPMReader(bytes)
        do {
            guard try r.readBytes(4) == magic else { throw StateFormatError.notAState }
            let version: UInt16 = try r.read()
            guard version == formatVersion else { throw StateFormatError.version(version) }
            let counter: UInt32 = try r.read()
            let bankCount: UInt8 = try r.read()
            var values: [TPMAlgorithm: [[UInt8]]] = [:]
            for _ in 0..<bankCount {
                let bank = try TPMAlgorithm(from: &r)
                let count: UInt8 = try r.read()
                var pcrs: [[UInt8]] = []
                for _ in 0..<count { pcrs.append(try r.readSized(max: TPMLimits.maxDigest)) }
                values[bank] = pcrs
            }
            guard r.isAtEnd else { throw StateFormatError.trailingBytes }
            return VolatileImage(pcrValues: values, pcrUpdateCounter: counter)
        } catch let error as StateFormatError {
            throw error
        } catch {
            throw StateFormatError.truncated
        }
    }
}

extension PCRBanks {
    var image: VolatileImage {
        var values: [TPMAlgorithm: [[UInt8]]] = [:]
        for bank in banks { values[bank] = (0..<count).compactMap { value(bank, $0) } }
        return VolatileImage(pcrValues: values, pcrUpdateCounter: updateCounter)
    }
}
