import Logging
import TPMTypes

extension SwtpmServer {
    /// Serves TPM commands on one data connection until the peer closes it; the framing is
    /// SwtpmDataFraming's.
    func serveData(_ connection: Connection, channel: Channel?) {
        defer {
            if channel?.terminateOnDisconnect == true || options.terminateWhenDataConnectionEnds {
                runtime.requestStop()
            }
        }
        let keepOpen = !(channel?.disconnectAfterEachResponse ?? false)
        let maxCommand = device.maxBufferSize
        repeat {
            do throws(ConnectionError) {
                guard let request = try connection.readFrame({ SwtpmDataFraming.decode($0, maxCommand: maxCommand) })
                else { return }
                switch request {
                case .command(let command, let prefixLocality):
                    let locality = beginCommand(settingLocality: prefixLocality)
                    let response = device.execute(command, locality: locality)
                    endCommand()
                    try connection.writeAll(SwtpmDataFraming.encode(response, framed: prefixLocality != nil))
                case .sizeOutOfRange(let reason, let framed):
                    let response = TPMFrame.errorResponse(.commandSize)
                    try? connection.writeAll(SwtpmDataFraming.encode(response, framed: framed))
                    logger.warning(
                        "swtpm data channel: \(reason); answered TPM_RC_COMMAND_SIZE and closed the connection")
                    return
                }
            } catch {
                logger.warning("swtpm data channel: \(error); closed the connection")
                return
            }
        } while keepOpen
    }
}
