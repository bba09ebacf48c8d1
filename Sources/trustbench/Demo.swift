import ArgumentParser
import Foundation
import Profiles
import TPM2
import TrustCrypto

/// `trustbench demo` (`make demo`): the built-in emulator, in-process, put through a short
/// self-check with the same bytes a client would send: startup, random, PCR extend, a
/// primary signing key, sign, verify on the TPM and again in software.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a short self-check on the built-in TPM emulator.")

    @Option(help: "Hardware profile name or YAML file.")
    var profile: String = ProfileLoader.defaultTPMName

    func run() throws {
        let hardware: HardwareProfile
        do { hardware = try ProfileLoader.load(profile) } catch { throw ValidationError(error.description) }
        let tpm = try TPMEngine(profile: hardware)
        try tpm.powerOn(deleteVolatile: true)
        let client = RawTPMClient(device: tpm)
        var failures = 0
        func step(_ title: String, _ body: () throws -> String) {
            do {
                let detail = try body()
                print("ok    \(title)\(detail.isEmpty ? "" : ": " + detail)")
            } catch {
                failures += 1
                print("FAIL  \(title): \(error)")
            }
        }
        print("TrustBench self-check on the built-in TPM (profile \(hardware.name))")

        step("Startup(CLEAR)") {
            _ = try client.call(.startup, parameters: [0x00, 0x00])
            return ""
        }
        step("GetRandom 16") {
            var w = TPMWriter()
            w.write(UInt16(16))
            var r = TPMReader(try client.call(.getRandom, parameters: w.bytes).parameters)
            return hex(try r.readSized(max: 64))
        }
        step("PCR_Extend 16 (sha256) then PCR_Read") {
            let digest = Hash.digest(.sha256, Array("TrustBench".utf8))
            var w = TPMWriter()
            w.write(UInt32(1))
            w.write(TPMAlgorithm.sha256)
            w.write(bytes: digest)
            _ = try client.call(.pcrExtend, handles: [16], authorize: true, parameters: w.bytes)
            var read = TPMWriter()
            TPMPCRSelectionList([TPMPCRSelection(hash: .sha256, pcrs: [16])]).marshal(into: &read)
            var r = TPMReader(try client.call(.pcrRead, parameters: read.bytes).parameters)
            _ = try r.read(UInt32.self)
            _ = try TPMPCRSelectionList(from: &r)
            guard try r.read(UInt32.self) == 1 else { throw DemoError("PCR_Read returned no value") }
            let value = try r.readSized(max: 64)
            let expected = Hash.digest(.sha256, [UInt8](repeating: 0, count: 32) + digest)
            guard value == expected else { throw DemoError("PCR 16 is \(hex(value)), expected \(hex(expected))") }
            return hex(value)
        }

        var keyHandle: TPMHandle = 0
        var keyPublic: TPMPublic?
        step("CreatePrimary ECC P-256 signing key (owner)") {
            let template = TPMPublic(type: .ecc, nameAlg: .sha256,
                                     attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .sign],
                                     parameters: .ecc(symmetric: .null, scheme: TPMScheme(.ecdsa, hash: .sha256), curve: .nistP256, kdf: .null),
                                     unique: .ecc(TPMECCPoint()))
            var w = TPMWriter()
            w.writeNested { TPMSensitiveCreate().marshal(into: &$0) }
            template.marshalSized(into: &w)
            w.writeSized([])
            TPMPCRSelectionList().marshal(into: &w)
            let response = try client.call(.createPrimary, handles: [TPMRH.owner], authorize: true, parameters: w.bytes, responseHandle: true)
            keyHandle = response.handle ?? 0
            var r = TPMReader(response.parameters)
            keyPublic = try TPMPublic(sizedFrom: &r)
            return String(format: "handle 0x%08x", keyHandle)
        }
        var signature: TPMSignature?
        let message = Array("measured by TrustBench".utf8)
        let digest = Hash.digest(.sha256, message)
        step("Sign SHA-256 digest with ECDSA") {
            var w = TPMWriter()
            w.writeSized(digest)
            TPMScheme(.ecdsa, hash: .sha256).marshal(into: &w)
            TPMTicket.null(TPMStructureTag.hashcheck).marshal(into: &w)
            var r = TPMReader(try client.call(.sign, handles: [keyHandle], authorize: true, parameters: w.bytes).parameters)
            signature = try TPMSignature(from: &r)
            return "r,s of 32 bytes"
        }
        step("VerifySignature on the TPM") {
            guard let signature else { throw DemoError("no signature") }
            var w = TPMWriter()
            w.writeSized(digest)
            signature.marshal(into: &w)
            _ = try client.call(.verifySignature, handles: [keyHandle], parameters: w.bytes)
            return "ticket issued"
        }
        step("Verify the signature in software (OpenSSL)") {
            guard let signature, case .ecc(_, let r, let s) = signature.body,
                  let keyPublic, case .ecc(let point) = keyPublic.unique else { throw DemoError("no signature or key") }
            let key = try ECC.PublicKey(curve: .nistP256, point: ECCPoint(x: point.x, y: point.y))
            guard key.isValidECDSASignature(r: r, s: s, digest: digest) else { throw DemoError("signature does not verify") }
            return "valid"
        }
        print(failures == 0 ? "self-check passed" : "self-check: \(failures) step(s) failed")
        if failures > 0 { throw ExitCode(1) }
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

/// The few bytes a client sends: header, handles, a password session when asked, parameters.
struct RawTPMClient {
    let device: TPMPlatform

    struct Response {
        var handle: TPMHandle?
        var parameters: [UInt8]
    }

    func call(_ code: TPMCommandCode, handles: [TPMHandle] = [], authorize: Bool = false, parameters: [UInt8],
              responseHandle: Bool = false) throws -> Response {
        var w = TPMWriter()
        w.write(authorize ? TPMStructureTag.sessions : TPMStructureTag.noSessions)
        w.write(UInt32(0))
        w.write(code)
        for handle in handles { w.write(handle) }
        if authorize {
            // One password session with an empty password, per authorized handle.
            let session: [UInt8] = [0x40, 0x00, 0x00, 0x09, 0x00, 0x00, 0x01, 0x00, 0x00]
            w.write(UInt32(session.count))
            w.write(bytes: session)
        }
        w.write(bytes: parameters)
        var command = w.bytes
        command.replaceSubrange(2..<6, with: withUnsafeBytes(of: UInt32(command.count).bigEndian, Array.init))
        let response = device.execute(command, locality: 0)
        var r = TPMReader(response)
        let tag: UInt16 = try r.read()
        _ = try r.read(UInt32.self)
        let rc: UInt32 = try r.read()
        guard rc == 0 else { throw DemoError(String(format: "%@ answered TPM_RC 0x%03x", "\(code)", rc)) }
        let handle: TPMHandle? = responseHandle ? try r.read() : nil
        if tag == TPMStructureTag.sessions {
            let size = Int(try r.read(UInt32.self))
            return Response(handle: handle, parameters: try r.readBytes(size))
        }
        return Response(handle: handle, parameters: r.readRest())
    }
}
