import Foundation
import TPMTypes

extension SwtpmServer {
    /// One swtpm channel (data or control): a socket to listen on, or a descriptor a parent
    /// process handed over (swtpm's `fd=` / `clientfd=`).
    public struct Channel: Sendable, Hashable {
        public enum Source: Sendable, Hashable {
            case listen(SocketEndpoint)
            /// A socket already listening (control `fd=`).
            case listeningDescriptor(Int32)
            /// A connected socket to serve directly (data `fd=`, control `clientfd=`).
            case connectedDescriptor(Int32)
        }

        public var source: Source
        /// Mode and owner of a Unix socket file this server creates (`mode=`, `uid=`, `gid=`).
        public var permissions: UnixSocketPermissions?
        /// Data channel `disconnect`: close the connection after each response.
        public var disconnectAfterEachResponse: Bool
        /// Control `terminate` or data `fd=`: stop the server when this channel's connection
        /// ends (for every data connection, see `Options.terminateWhenDataConnectionEnds`).
        public var terminateOnDisconnect: Bool

        /// A channel from its source and connection behaviour.
        /// - Parameters:
        ///   - source: the socket to listen on, or the descriptor handed over.
        ///   - permissions: mode and owner for a Unix socket file this server creates; nil for the default.
        ///   - disconnectAfterEachResponse: whether to close the connection after each response (`disconnect`).
        ///   - terminateOnDisconnect: whether to stop the server when this channel's connection ends.
        public init(
            _ source: Source, permissions: UnixSocketPermissions? = nil,
            disconnectAfterEachResponse: Bool = false, terminateOnDisconnect: Bool = false
        ) {
            self.source = source
            self.permissions = permissions
            self.disconnectAfterEachResponse = disconnectAfterEachResponse
            self.terminateOnDisconnect = terminateOnDisconnect
        }

        /// A channel listening on TCP.
        /// - Parameters:
        ///   - host: the address to bind to.
        ///   - port: the TCP port; 0 lets the kernel pick.
        /// - Returns: a listening channel with default permissions and connection behaviour.
        public static func tcp(host: String = Options.defaultBindAddress, port: UInt16) -> Channel {
            Channel(.listen(.tcp(host: host, port: port)))
        }

        /// A channel listening on a Unix socket file.
        /// - Parameters:
        ///   - path: the socket file's path.
        ///   - permissions: mode and owner for the socket file; nil for the default (0770).
        /// - Returns: a listening channel with default connection behaviour.
        public static func unix(path: String, permissions: UnixSocketPermissions? = nil) -> Channel {
            Channel(.listen(.unix(path: path)), permissions: permissions)
        }
    }

    /// The TPM2_Startup swtpm sends after power-on for `--flags startup-clear|startup-state`.
    public enum StartupType: Sendable, Hashable {
        case clear
        case state

        /// TPM2_Startup with TPM_SU_CLEAR (0) or TPM_SU_STATE (1), TPM_ST_NO_SESSIONS.
        var command: [UInt8] {
            TPMFrame.command(.startup, parameters: [0x00, self == .clear ? 0x00 : 0x01])
        }
    }

    /// What GET_INFO reports: TPMLIB_GetInfo's "TPMSpecification" and "TPMAttributes".
    /// The defaults are swtpm 0.7 / libtpms 0.9's, so tools see a drop-in replacement; the CLI
    /// should fill them from the hardware profile being emulated.
    public struct Info: Sendable, Hashable {
        public var specFamily: String
        public var specLevel: Int
        public var specRevision: Int
        /// TPM_PT_MANUFACTURER as "id:XXXXXXXX".
        public var manufacturer: String
        /// TPM_PT_FIRMWARE_VERSION_1 as "id:XXXXXXXX".
        public var version: String
        public var model: String

        /// GET_INFO values; the defaults are swtpm 0.7 / libtpms 0.9's.
        /// - Parameters:
        ///   - specFamily: "TPMSpecification" family, the TPM spec family (e.g. "2.0").
        ///   - specLevel: "TPMSpecification" level, the spec level.
        ///   - specRevision: "TPMSpecification" revision, the spec revision (e.g. 164 for 1.64).
        ///   - manufacturer: "TPMAttributes" manufacturer, TPM_PT_MANUFACTURER as "id:XXXXXXXX".
        ///   - version: "TPMAttributes" version, TPM_PT_FIRMWARE_VERSION_1 as "id:XXXXXXXX".
        ///   - model: "TPMAttributes" model.
        public init(
            specFamily: String = "2.0", specLevel: Int = 0, specRevision: Int = 164,
            manufacturer: String = "id:00001014", version: String = "id:20191023", model: String = "swtpm"
        ) {
            self.specFamily = specFamily
            self.specLevel = specLevel
            self.specRevision = specRevision
            self.manufacturer = manufacturer
            self.version = version
            self.model = model
        }
    }

    /// `swtpm socket` configuration, built from swtpm's own option spellings.
    public struct Options: Sendable, Hashable {
        public static let defaultBindAddress = "127.0.0.1"
        public static let defaultDataPort: UInt16 = 2321
        public static let defaultControlPort: UInt16 = 2322

        /// nil: no data socket; commands arrive only over a descriptor passed with SET_DATAFD
        /// (QEMU starts swtpm with `--ctrl` alone).
        public var data: Channel?
        /// nil: no control channel; then `needsInit` must be false for commands to work.
        public var control: Channel?
        /// swtpm waits for INIT on the control channel unless `--flags not-need-init`.
        public var needsInit: Bool
        /// `--flags startup-clear|startup-state`: Startup sent right after power-on.
        public var startup: StartupType?
        /// swtpm's `-t/--terminate`: stop the server when a data connection ends, including
        /// one passed with SET_DATAFD (libvirt starts swtpm for QEMU this way).
        public var terminateWhenDataConnectionEnds: Bool
        /// The longest a peer may pause inside one message before its connection is dropped.
        public var readTimeoutMilliseconds: Int
        public var info: Info

        /// A configuration from its parts; the defaults match `swtpm socket` with TCP on 2321 and 2322.
        /// - Parameters:
        ///   - data: the data channel; nil for none (commands only over a SET_DATAFD descriptor).
        ///   - control: the control channel; nil for none.
        ///   - needsInit: whether the server waits for INIT on the control channel before commands work.
        ///   - startup: the TPM2_Startup to send right after power-on; nil for none.
        ///   - terminateWhenDataConnectionEnds: whether to stop the server when a data connection ends.
        ///   - readTimeoutMilliseconds: the longest a peer may pause inside one message before its
        ///     connection is dropped.
        ///   - info: what GET_INFO reports.
        public init(
            data: Channel? = .tcp(port: Options.defaultDataPort),
            control: Channel? = .tcp(port: Options.defaultControlPort),
            needsInit: Bool = true, startup: StartupType? = nil,
            terminateWhenDataConnectionEnds: Bool = false,
            readTimeoutMilliseconds: Int = 5_000, info: Info = Info()
        ) {
            self.data = data
            self.control = control
            self.needsInit = needsInit
            self.startup = startup
            self.terminateWhenDataConnectionEnds = terminateWhenDataConnectionEnds
            self.readTimeoutMilliseconds = readTimeoutMilliseconds
            self.info = info
        }

        /// Options from the arguments of `--server`, `--ctrl` and `--flags`; an absent
        /// argument means that channel (or flag set) is absent, as with swtpm.
        /// - Parameters:
        ///   - server: the `--server` argument (data channel); nil for no data channel.
        ///   - ctrl: the `--ctrl` argument (control channel); nil for no control channel.
        ///   - flags: the `--flags` argument; nil for none.
        public init(server: String?, ctrl: String?, flags: String?) throws(TransportError) {
            guard server != nil || ctrl != nil else {
                throw .invalidOption(
                    "give --server (e.g. type=tcp,port=2321) and/or --ctrl (e.g. type=tcp,port=2322); with neither, no client can reach the TPM"
                )
            }
            self.init(data: try server.map(Self.parseServerSpec), control: try ctrl.map(Self.parseCtrlSpec))
            if let flags { try applyFlags(flags) }
        }

        /// Parses swtpm's `--server` argument:
        /// `[type=tcp][,port=N][,bindaddr=A][,fd=N][,disconnect]` or
        /// `type=unixio,path=P|fd=N[,mode=0...][,uid=N][,gid=N]`.
        /// - Parameter spec: the `--server` argument.
        /// - Returns: the data channel; a connected `fd=` also stops the server when its connection ends.
        public static func parseServerSpec(_ spec: String) throws(TransportError) -> Channel {
            let parsed = try OptionSpec(
                spec, option: "--server",
                keys: ["type", "port", "bindaddr", "ifname", "fd", "disconnect", "path", "mode", "uid", "gid"])
            var channel = try parsed.channel(defaultPort: defaultDataPort, connectedFD: "fd", listeningFD: nil)
            channel.disconnectAfterEachResponse = parsed.has("disconnect")
            if case .connectedDescriptor = channel.source { channel.terminateOnDisconnect = true }
            return channel
        }

        /// Parses swtpm's `--ctrl` argument:
        /// `type=tcp[,port=N][,bindaddr=A][,fd=N][,terminate]` or
        /// `type=unixio,path=P|fd=N|clientfd=N[,mode=0...][,uid=N][,gid=N][,terminate]`.
        /// - Parameter spec: the `--ctrl` argument.
        /// - Returns: the control channel; `fd=` is a listening descriptor, `clientfd=` a connected one.
        public static func parseCtrlSpec(_ spec: String) throws(TransportError) -> Channel {
            let parsed = try OptionSpec(
                spec, option: "--ctrl",
                keys: [
                    "type", "port", "bindaddr", "ifname", "fd", "clientfd", "terminate", "path", "mode", "uid", "gid",
                ])
            var channel = try parsed.channel(
                defaultPort: defaultControlPort, connectedFD: "clientfd", listeningFD: "fd")
            channel.terminateOnDisconnect = parsed.has("terminate")
            return channel
        }

        /// Applies swtpm's `--flags`: `not-need-init`, `startup-clear`, `startup-state`,
        /// `startup-none`, `disable-auto-shutdown`. A startup flag implies not-need-init.
        /// - Parameter spec: the comma-separated `--flags` argument.
        public mutating func applyFlags(_ spec: String) throws(TransportError) {
            for flag in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !flag.isEmpty
            {
                switch flag {
                case "not-need-init": needsInit = false
                case "startup-clear": startup = .clear
                case "startup-state": startup = .state
                case "startup-none": startup = nil
                case "disable-auto-shutdown": break  // this server never sends an automatic TPM2_Shutdown
                case "startup-deactivated":
                    throw .invalidOption(
                        "--flags startup-deactivated exists only for TPM 1.2; use startup-clear or startup-state")
                default:
                    throw .invalidOption(
                        "--flags: unknown flag '\(flag)'; use not-need-init, startup-clear, startup-state, startup-none or disable-auto-shutdown, separated by commas"
                    )
                }
            }
            if startup != nil { needsInit = false }
        }
    }
}

/// One `key=value,flag,...` argument in swtpm's syntax.
private struct OptionSpec {
    let option: String
    let spec: String
    private var values: [String: String] = [:]

    init(_ spec: String, option: String, keys: Set<String>) throws(TransportError) {
        self.option = option
        self.spec = spec
        for token in spec.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard keys.contains(key) else {
                throw .invalidOption(
                    "\(option) \(spec): unknown option '\(key)'; write e.g. type=tcp,port=2321,bindaddr=127.0.0.1 or type=unixio,path=/run/trustbench/tpm.sock"
                )
            }
            values[key] = parts.count > 1 ? String(parts[1]) : ""
        }
    }

    func has(_ key: String) -> Bool { values[key] != nil }

    func channel(defaultPort: UInt16, connectedFD: String, listeningFD: String?) throws(TransportError)
        -> SwtpmServer.Channel
    {
        let type = values["type"] ?? "tcp"
        if has("ifname") {
            throw .invalidOption(
                "\(option) \(spec): ifname= (IPv6 link-local binding) is not supported; give a global or loopback address with bindaddr="
            )
        }
        let source: SwtpmServer.Channel.Source
        switch type {
        case "tcp":
            for key in ["path", "mode", "uid", "gid", "clientfd"] where has(key) {
                throw .invalidOption(
                    "\(option) \(spec): \(key)= applies to type=unixio; for tcp give port= and bindaddr=")
            }
            if let descriptor = try descriptor(listeningFD ?? connectedFD) {
                source = listeningFD == nil ? .connectedDescriptor(descriptor) : .listeningDescriptor(descriptor)
            } else {
                source = .listen(
                    .tcp(
                        host: values["bindaddr"] ?? SwtpmServer.Options.defaultBindAddress,
                        port: try port() ?? defaultPort))
            }
        case "unixio":
            for key in ["port", "bindaddr"] where has(key) {
                throw .invalidOption(
                    "\(option) \(spec): \(key)= applies to type=tcp; for unixio give path=<socket path>")
            }
            let listening = try listeningFD.flatMap { key throws(TransportError) in try descriptor(key) }
            let connected = try descriptor(connectedFD)
            let path = values["path"].flatMap { $0.isEmpty ? nil : $0 }
            if [listening != nil, connected != nil, path != nil].filter({ $0 }).count > 1 {
                throw .invalidOption("\(option) \(spec): path=, fd= and clientfd= exclude each other; give exactly one")
            }
            if let listening {
                source = .listeningDescriptor(listening)
            } else if let connected {
                source = .connectedDescriptor(connected)
            } else if let path {
                source = .listen(.unix(path: path))
            } else {
                throw .invalidOption(
                    "\(option) \(spec): a unixio channel needs path=<socket path> (or a descriptor with fd=)")
            }
        default:
            throw .invalidOption("\(option) \(spec): type must be tcp or unixio, e.g. type=tcp,port=\(defaultPort)")
        }
        return SwtpmServer.Channel(source, permissions: try permissions())
    }

    private func port() throws(TransportError) -> UInt16? {
        guard let text = values["port"] else { return nil }
        guard let port = UInt16(text) else {
            throw .invalidOption("\(option) \(spec): port must be a number from 0 to 65535, e.g. port=2321")
        }
        return port
    }

    private func descriptor(_ key: String) throws(TransportError) -> Int32? {
        guard let text = values[key] else { return nil }
        guard let fd = Int32(text), fd >= 0 else {
            throw .invalidOption("\(option) \(spec): \(key) must be an open file descriptor number, e.g. \(key)=3")
        }
        guard fd > 2 else {
            throw .invalidOption(
                "\(option) \(spec): descriptors 0, 1 and 2 are the standard streams; pass the socket as descriptor 3 or higher"
            )
        }
        return fd
    }

    private func permissions() throws(TransportError) -> UnixSocketPermissions? {
        guard has("mode") || has("uid") || has("gid") else { return nil }
        var permissions = UnixSocketPermissions()
        if let text = values["mode"] {
            guard let mode = UInt32(text, radix: 8), mode <= 0o7777 else {
                throw .invalidOption("\(option) \(spec): mode must be octal file mode bits, e.g. mode=0770")
            }
            permissions.mode = mode
        }
        for key in ["uid", "gid"] {
            guard let text = values[key] else { continue }
            guard let id = UInt32(text) else {
                throw .invalidOption("\(option) \(spec): \(key) must be a numeric id, e.g. \(key)=0")
            }
            if key == "uid" { permissions.uid = id } else { permissions.gid = id }
        }
        return permissions
    }
}
