import CTSS2

/// A client for any TPM that a libtss2 TCTI string names: `device:/dev/tpmrm0`,
/// `swtpm:host=127.0.0.1,port=2321`, `mssim:...`, `tabrmd:...`. Used by the bench and
/// `trustbench perf` to talk to real chips and to other emulators the way tpm2-tools does.
public final class TCTIClient {
    private var context: OpaquePointer?
    public let configuration: String

    /// Loads the TCTI; a string libtss2 cannot load gives an error saying what to check.
    /// - Parameter configuration: the libtss2 TCTI string, e.g. `device:/dev/tpmrm0` or `swtpm:port=2321`.
    public init(_ configuration: String) throws(TransportError) {
        self.configuration = configuration
        var loaded: OpaquePointer?
        let rc = Tss2_TctiLdr_Initialize(configuration, &loaded)
        guard rc == 0, let loaded else {
            throw TransportError.client(
                "cannot open TCTI \"\(configuration)\" (libtss2 rc 0x\(String(rc, radix: 16))); check the name (device, swtpm, mssim, tabrmd) and that the TPM behind it is running"
            )
        }
        context = loaded
    }

    deinit {
        if context != nil { Tss2_TctiLdr_Finalize(&context) }
    }

    /// Sends one command and waits for its response (at most `timeoutMilliseconds`).
    /// - Parameters:
    ///   - command: the whole TPM command bytes.
    ///   - timeoutMilliseconds: the longest to wait for the response.
    /// - Returns: the whole TPM response bytes (at most 4096).
    public func execute(_ command: [UInt8], timeoutMilliseconds: Int32 = 300_000) throws(TransportError) -> [UInt8] {
        let sent = command.withUnsafeBufferPointer { tb_tcti_transmit(context, command.count, $0.baseAddress) }
        guard sent == 0 else {
            throw TransportError.client(
                "TCTI \"\(configuration)\" failed to send a command (libtss2 rc 0x\(String(sent, radix: 16)))")
        }
        var response = [UInt8](repeating: 0, count: 4096)
        var size = response.count
        let received = response.withUnsafeMutableBufferPointer {
            tb_tcti_receive(context, &size, $0.baseAddress, timeoutMilliseconds)
        }
        guard received == 0 else {
            throw TransportError.client(
                "TCTI \"\(configuration)\" failed to receive a response (libtss2 rc 0x\(String(received, radix: 16)))")
        }
        return Array(response.prefix(size))
    }
}
