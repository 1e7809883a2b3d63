import Foundation
import Synchronization
import XCTest

/// The built `albertqa` run as a user runs it, in a private environment: its own cache,
/// configuration and state folders (never the machine user's), any working directory.
struct AlbertQAProcess {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Result {
        var status: Int32
        var reason: Process.TerminationReason
        var stdout: String
        var stderr: String
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] }
        var jsonLines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        }
    }

    static var binary: URL {
        get throws {
            let bundle = Bundle(for: CLITests.self).bundleURL
            let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("albertqa") }
            guard let url = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0].path])
            }
            return url
        }
    }

    /// A fresh home for the run's cache, configuration and state.
    let home: URL
    var environment: [String: String]
    var directory: URL = repositoryRoot

    init(prefix: String = "albertqa-e2e") {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID())")
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_CACHE_HOME"] = home.appendingPathComponent("cache").path
        environment["XDG_CONFIG_HOME"] = home.appendingPathComponent("config").path
        environment["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        environment.removeValue(forKey: "NO_COLOR")
        self.environment = environment
    }

    var cache: URL { home.appendingPathComponent("cache") }
    var configFile: URL { home.appendingPathComponent("config/albertqa/config") }

    func writeConfig(_ text: String) throws {
        try FileManager.default.createDirectory(at: configFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: configFile)
    }

    /// Every file under the cache folder (an index a command left behind shows here).
    func cacheFiles() -> [String] {
        (FileManager.default.enumerator(atPath: cache.path)?.allObjects as? [String]) ?? []
    }

    func remove() { try? FileManager.default.removeItem(at: home) }

    /// Starts the command; the caller owns the pipes.
    func start(_ arguments: [String], executable: URL? = nil, stdout: Any? = nil) throws -> (Process, input: Pipe, output: Pipe, error: Pipe) {
        let process = Process()
        process.executableURL = try executable ?? Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = stdout ?? output
        process.standardError = error
        try process.run()
        return (process, input, output, error)
    }

    func run(_ arguments: [String], stdin: String? = nil, stdinBytes: Data? = nil, executable: URL? = nil, stdout: Any? = nil) throws -> Result {
        let (process, input, output, error) = try start(arguments, executable: executable, stdout: stdout)
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        if let stdinBytes { input.fileHandleForWriting.write(stdinBytes) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so that neither can fill up and block the child.
        let errorData = Mutexed<Data>()
        let reader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let out = stdout == nil ? output.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        return Result(status: process.terminationStatus, reason: process.terminationReason,
                      stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: errorData.value, as: UTF8.self))
    }
}

/// A value handed from a reader thread to the test.
final class Mutexed<Value: Sendable>: Sendable {
    private let stored = Mutex<Value?>(nil)
    func set(_ value: Value) { stored.withLock { $0 = value } }
    var isSet: Bool { stored.withLock { $0 != nil } }
    var value: Value { stored.withLock { $0! } }
}
