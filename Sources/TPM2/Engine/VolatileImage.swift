import TPMTypes

/// What Shutdown(STATE) saves and Startup(STATE) restores (Part 3 §9.4.1; the reference's
/// STATE_CLEAR_DATA): the PCR values of every bank, the PCR update counter, the PCR auth values and
/// the platform hierarchy's authValue and authPolicy. Layout (docs/STATE.md): "TBVS", u16 version,
/// u32 updateCounter, u8 bank count, then per bank: alg u16, u8 PCR count, each PCR a TPM2B;
/// version 2 adds u8 count of PCR auth values (u8 PCR + TPM2B each), TPM2B platformAuth, u16
/// platformPolicy hash + TPM2B digest.
struct VolatileImage: Equatable {
    var pcrValues: [TPMAlgorithm: [[UInt8]]]
    var pcrUpdateCounter: UInt32
    var pcrAuthValues: [Int: [UInt8]] = [:]
    var platformAuth: [UInt8] = []
    var platformPolicy = HierarchyPolicy()

    static let magic: [UInt8] = Array("TBVS".utf8)
    static let formatVersion: UInt16 = 2

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
        w.write(UInt8(pcrAuthValues.count))
        for (pcr, auth) in pcrAuthValues.sorted(by: { $0.key < $1.key }) {
            w.write(UInt8(pcr))
            w.writeSized(auth)
        }
        w.writeSized(platformAuth)
        w.write(platformPolicy.hash)
        w.writeSized(platformPolicy.digest)
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(StateFormatError) -> VolatileImage {
        var r = TPMReader(bytes)
        do {
            guard try r.readBytes(4) == magic else { throw StateFormatError.notAState }
            let version: UInt16 = try r.read()
            guard version == formatVersion || version == 1 else { throw StateFormatError.version(version) }
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
            var image = VolatileImage(pcrValues: values, pcrUpdateCounter: counter)
            if version >= 2 {
                let authCount: UInt8 = try r.read()
                for _ in 0..<authCount {
                    let pcr = Int(try r.read(UInt8.self))
                    image.pcrAuthValues[pcr] = try r.readSized(max: TPMLimits.maxDigest)
                }
                image.platformAuth = try r.readSized(max: TPMLimits.maxDigest)
                let hash = try TPMAlgorithm(from: &r)
                image.platformPolicy = HierarchyPolicy(hash: hash, digest: try r.readSized(max: TPMLimits.maxDigest))
            }
            guard r.isAtEnd else { throw StateFormatError.trailingBytes }
            return image
        } catch let error as StateFormatError {
            throw error
        } catch {
            throw StateFormatError.truncated
        }
    }
}

extension TPMEngineState {
    /// The state-clear data a Resume brings back.
    var stateImage: VolatileImage {
        var values: [TPMAlgorithm: [[UInt8]]] = [:]
        for bank in pcrs.banks { values[bank] = (0..<pcrs.count).compactMap { pcrs.value(bank, $0) } }
        return VolatileImage(
            pcrValues: values, pcrUpdateCounter: pcrs.updateCounter, pcrAuthValues: pcrs.authValues,
            platformAuth: platformAuth, platformPolicy: platformPolicy)
    }
}
