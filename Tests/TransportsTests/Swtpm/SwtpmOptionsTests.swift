import Testing

@testable import Transports

@Suite struct SwtpmOptionsTests {
    typealias Options = SwtpmServer.Options
    typealias Channel = SwtpmServer.Channel

    @Test func tcpServerSpec() throws {
        #expect(
            try Options.parseServerSpec("type=tcp,port=2321,bindaddr=127.0.0.1") == .tcp(host: "127.0.0.1", port: 2321))
        #expect(try Options.parseServerSpec("port=5000") == .tcp(port: 5000))
        #expect(try Options.parseServerSpec("type=tcp") == .tcp(port: 2321))
        #expect(try Options.parseServerSpec("type=tcp,bindaddr=::1,port=0") == .tcp(host: "::1", port: 0))
        let disconnecting = try Options.parseServerSpec("type=tcp,port=2321,disconnect")
        #expect(disconnecting.disconnectAfterEachResponse)
    }

    @Test func unixServerSpec() throws {
        #expect(try Options.parseServerSpec("type=unixio,path=/run/tpm.sock") == .unix(path: "/run/tpm.sock"))
        let owned = try Options.parseServerSpec("type=unixio,path=/run/tpm.sock,mode=0600,uid=0,gid=5")
        #expect(owned.permissions == UnixSocketPermissions(mode: 0o600, uid: 0, gid: 5))
        let adopted = try Options.parseServerSpec("type=unixio,fd=5")
        #expect(adopted.source == .connectedDescriptor(5))
        #expect(adopted.terminateOnDisconnect)
    }

    @Test func ctrlSpec() throws {
        #expect(try Options.parseCtrlSpec("type=tcp,port=2322") == .tcp(port: 2322))
        #expect(try Options.parseCtrlSpec("type=tcp") == .tcp(port: 2322))
        #expect(try Options.parseCtrlSpec("type=unixio,path=/tmp/x") == .unix(path: "/tmp/x"))
        #expect(try Options.parseCtrlSpec("type=unixio,fd=4").source == .listeningDescriptor(4))
        #expect(try Options.parseCtrlSpec("type=unixio,clientfd=4").source == .connectedDescriptor(4))
        #expect(try Options.parseCtrlSpec("type=unixio,path=/tmp/x,terminate").terminateOnDisconnect)
    }

    @Test(arguments: [
        ("type=tcp,prot=2321", "unknown option 'prot'"),
        ("type=tcp,port=65536", "port must be a number"),
        ("type=tcp,port=abc", "port must be a number"),
        ("type=udp,port=1", "type must be tcp or unixio"),
        ("type=unixio", "needs path="),
        ("type=unixio,path=/x,port=1", "port= applies to type=tcp"),
        ("type=tcp,path=/x", "path= applies to type=unixio"),
        ("type=unixio,path=/x,mode=999", "mode must be octal"),
        ("type=unixio,path=/x,uid=root", "uid must be a numeric id"),
        ("type=tcp,fd=1", "descriptors 0, 1 and 2"),
        ("type=tcp,port=1,ifname=eth0", "ifname= (IPv6 link-local binding) is not supported"),
        ("type=unixio,path=/x,fd=4", "exclude each other"),
    ])
    func malformedSpecsSayWhatToWrite(spec: String, fragment: String) {
        #expect {
            _ = try Options.parseServerSpec(spec)
        } throws: { error in
            guard let error = error as? TransportError, case .invalidOption(let message) = error else { return false }
            return message.contains(fragment) && message.contains(spec)
        }
    }

    @Test func ctrlRejectsClientFDOverTCP() {
        #expect(throws: TransportError.self) { try Options.parseCtrlSpec("type=tcp,clientfd=4") }
        #expect(throws: TransportError.self) { try Options.parseCtrlSpec("type=tcp,disconnect") }
    }

    @Test func flags() throws {
        var options = Options()
        try options.applyFlags("not-need-init")
        #expect(!options.needsInit && options.startup == nil)

        options = Options()
        try options.applyFlags("startup-clear")
        #expect(!options.needsInit && options.startup == .clear)

        options = Options()
        try options.applyFlags("not-need-init,startup-state,disable-auto-shutdown")
        #expect(options.startup == .state)

        options = Options()
        try options.applyFlags("startup-none")
        #expect(options.needsInit && options.startup == nil)
    }

    @Test func badFlagsSayWhatToWrite() {
        var options = Options()
        #expect(
            throws: TransportError.invalidOption(
                "--flags: unknown flag 'need-init'; use not-need-init, startup-clear, startup-state, startup-none or disable-auto-shutdown, separated by commas"
            )
        ) {
            try options.applyFlags("need-init")
        }
        #expect(throws: TransportError.self) { try options.applyFlags("startup-deactivated") }
    }

    @Test func optionsFromSwtpmArguments() throws {
        let options = try Options(server: "type=tcp,port=3000", ctrl: "type=unixio,path=/tmp/c", flags: "startup-clear")
        #expect(options.data == .tcp(port: 3000))
        #expect(options.control == .unix(path: "/tmp/c"))
        #expect(options.startup == .clear && !options.needsInit)

        let qemuStyle = try Options(server: nil, ctrl: "type=unixio,path=/tmp/c", flags: nil)
        #expect(qemuStyle.data == nil && qemuStyle.needsInit)

        #expect(throws: TransportError.self) { try Options(server: nil, ctrl: nil, flags: nil) }
    }

    @Test func notNeedInitPowersOnAtStart() throws {
        let device = FakeTPM(poweredOn: false)
        let (server, _) = try startSwtpm(device) { $0.needsInit = false }
        defer { server.stop() }
        #expect(device.calls == [.powerOn(deleteVolatile: false)])
    }

    @Test func startupClearIsSentAfterPowerOn() throws {
        let device = FakeTPM(poweredOn: false)
        let (server, logs) = try startSwtpm(device) { try? $0.applyFlags("startup-clear") }
        defer { server.stop() }
        #expect(
            device.calls == [
                .powerOn(deleteVolatile: false),
                .execute([0x80, 0x01, 0, 0, 0, 0x0C, 0, 0, 0x01, 0x44, 0, 0], locality: 0),
            ])
        #expect(logs.lines.isEmpty)
    }

    @Test func startupStateUsesSUState() throws {
        let device = FakeTPM()
        let (server, _) = try startSwtpm(device) {
            $0.startup = .state
            $0.needsInit = false
        }
        defer { server.stop() }
        #expect(device.calls == [.execute([0x80, 0x01, 0, 0, 0, 0x0C, 0, 0, 0x01, 0x44, 0, 1], locality: 0)])
    }

    @Test func powerOnFailureAtStartIsAnErrorAndReleasesThePorts() throws {
        let device = FakeTPM(poweredOn: false)
        device.powerOnError = TPMPlatformErrorStub.failed
        let path = temporarySocketPath("fail")
        let server = SwtpmServer(
            device: device, options: .init(data: .unix(path: path), control: nil, needsInit: false),
            logger: LogRecorder.silent)
        #expect(throws: TransportError.self) { try server.start() }
        #expect((try? TestClient(.unix(path: path))) == nil)
    }

    @Test func closedInheritedDescriptorIsRefused() {
        let server = SwtpmServer(
            device: FakeTPM(), options: .init(data: Channel(.connectedDescriptor(987)), control: nil),
            logger: LogRecorder.silent)
        #expect {
            try server.start()
        } throws: { error in
            (error as? TransportError)?.description.contains("file descriptor 987 is not open") == true
        }
    }

    @Test func missingControlChannelWithoutNotNeedInitIsLogged() throws {
        let (server, logs) = try startSwtpm(FakeTPM()) { $0.control = nil }
        defer { server.stop() }
        #expect(logs.lines.count == 1)
    }

    @Test func startTwiceIsRefused() throws {
        let (server, _) = try startSwtpm(FakeTPM())
        defer { server.stop() }
        #expect(throws: TransportError.self) { try server.start() }
    }
}

private enum TPMPlatformErrorStub: Error { case failed }
