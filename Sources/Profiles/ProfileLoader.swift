import Foundation
import Yams

/// Finds and decodes profiles: by file path, or by name from the HardwareProfiles/ folder.
public enum ProfileLoader {
    /// The profile every emulator uses when none is named.
    public static let defaultTPMName = "generic-tpm2"
    /// The card every card emulator uses when none is named: the ISO 7816-4 test card.
    public static let defaultCardName = "iso7816-default"

    /// Folders searched for `NAME.yaml`, nearest first: $TRUSTBENCH_PROFILES, then the
    /// package's HardwareProfiles/ wherever `PackageFolders` finds it.
    /// - Returns: the folders in search order; they are not checked to exist.
    public static func searchRoots() -> [URL] {
        var roots: [URL] = []
        if let env = ProcessInfo.processInfo.environment["TRUSTBENCH_PROFILES"] {
            roots.append(URL(fileURLWithPath: env))
        }
        return roots + PackageFolders.candidates("HardwareProfiles")
    }

    /// Loads `nameOrPath`: a path to a YAML file, or a profile name looked up under tpm/, tcm/ and card/.
    /// - Parameter nameOrPath: a path (ending in `.yaml` or containing `/`), or a profile's name or
    ///   one of its `aliases`.
    /// - Returns: the decoded profile; by name, the first found in `searchRoots()` order.
    public static func load(_ nameOrPath: String) throws(ProfileError) -> HardwareProfile {
        let fm = FileManager.default
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.contains("/") {
            guard fm.fileExists(atPath: nameOrPath) else {
                throw ProfileError(
                    "profile file \(nameOrPath) does not exist; pass a path to a YAML profile or a name from `trustbench profiles list`"
                )
            }
            return try decode(URL(fileURLWithPath: nameOrPath))
        }
        for root in searchRoots() {
            for kind in ["tpm", "tcm", "card"] {
                let url = root.appendingPathComponent(kind).appendingPathComponent(nameOrPath + ".yaml")
                if fm.fileExists(atPath: url.path) { return try decode(url) }
            }
        }
        // A profile may answer to other names too (its `aliases`).
        for (_, path) in list() {
            let url = URL(fileURLWithPath: path)
            if let profile = try? decode(url), profile.aliases?.contains(nameOrPath) == true { return profile }
        }
        throw ProfileError(
            "no profile named \(nameOrPath); run `trustbench profiles list` to see the names, or pass a YAML file path (set TRUSTBENCH_PROFILES to a folder of profiles)"
        )
    }

    /// Reads and decodes the YAML profile at `url`.
    /// - Parameter url: the profile file.
    /// - Returns: the decoded profile.
    public static func decode(_ url: URL) throws(ProfileError) -> HardwareProfile {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ProfileError("cannot read profile \(url.path): \(error.localizedDescription)")
        }
        return try decode(yaml: text, source: url.path)
    }

    /// Decodes a profile from YAML text.
    /// - Parameters:
    ///   - text: the YAML document.
    ///   - source: where the text came from (a path), named in error messages.
    /// - Returns: the decoded profile.
    public static func decode(yaml text: String, source: String) throws(ProfileError) -> HardwareProfile {
        do {
            return try YAMLDecoder().decode(HardwareProfile.self, from: text)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ProfileError(
                "profile \(source) lacks `\(pathString(context.codingPath + [key]))`; add it (see HardwareProfiles/tpm/generic-tpm2.yaml)"
            )
        } catch let DecodingError.typeMismatch(_, context) {
            throw ProfileError(
                "profile \(source): `\(pathString(context.codingPath))` has the wrong type: \(context.debugDescription)"
            )
        } catch {
            throw ProfileError("profile \(source) is not valid YAML for a profile: \(error)")
        }
    }

    /// Every profile found, by name, nearest root first.
    /// - Returns: the name and path of each `.yaml` file under a root's tpm/, tcm/ and card/; a
    ///   name already found in a nearer root is left out.
    public static func list() -> [(name: String, path: String)] {
        var seen = Set<String>()
        var out: [(String, String)] = []
        for root in searchRoots() {
            for kind in ["tpm", "tcm", "card"] {
                let dir = root.appendingPathComponent(kind)
                let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
                for file in files.sorted() where file.hasSuffix(".yaml") {
                    let name = String(file.dropLast(5))
                    if seen.insert(name).inserted { out.append((name, dir.appendingPathComponent(file).path)) }
                }
            }
        }
        return out
    }

    private static func pathString(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

/// The package's top-level data folders (HardwareProfiles/, Firmware/), looked for in the
/// current directory, beside the executable's package checkout, and in the source tree.
public enum PackageFolders {
    /// Where the data folder `name` may be, in search order: the current directory, the
    /// executable's folder and its three parents, then the package root of the source tree.
    /// - Parameter name: the folder's name ("HardwareProfiles", "Firmware").
    /// - Returns: the candidate folders; they are not checked to exist.
    public static func candidates(_ name: String) -> [URL] {
        var roots = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name)]
        // .build/<config>/trustbench → the package root three levels up.
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            roots.append(dir.appendingPathComponent(name))
            dir = dir.deletingLastPathComponent()
        }
        // The source tree this module was compiled from (tests and `swift run`).
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        roots.append(source.appendingPathComponent(name))
        return roots
    }

    /// The first candidate that exists.
    /// - Parameter name: the folder's name ("HardwareProfiles", "Firmware").
    /// - Returns: the first of `candidates(_:)` that exists, or nil when none does.
    public static func find(_ name: String) -> URL? {
        candidates(name).first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
