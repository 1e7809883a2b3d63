import Albert
import Foundation
import TUI

/// `albertqa [DIR]`: the full-screen interface on a folder (Documents/ by default).
enum InterfaceCommand {
    static let spec = CommandSpec(
        name: "[DIR]",
        summary: "Open the interactive interface on a folder (default: Documents/).",
        positionals: ["DIR"], minimumPositionals: 0,
        options: [
            indexOption, modelOption, precisionOption,
            .init(name: "--top", value: "N", help: "answers per question (default 10; the list shows as many as fit)"),
            .init(name: "--no-mouse", value: nil, help: "no mouse clicks and wheel (leaves text selection to the terminal)"),
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        guard let folder = arguments.positionals.first.map({ URL(fileURLWithPath: $0) }) ?? defaultDocumentsFolder() else {
            throw UsageError(message: "no Documents/ folder here; name the folder to open: albertqa DIR")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure(message: "\(folder.path): no such folder")
        }
        guard let model = modelDirectory(arguments) else {
            throw CommandFailure(message: "cannot find the default model Models/\(AlbertReader.defaultModelName); pass --model DIR")
        }
        let application = TUIApplication(folder: folder, indexURL: arguments.string("--index").map { URL(fileURLWithPath: $0) }, modelDirectory: model,
                                         precision: try precision(arguments), answers: try arguments.int("--top", default: 10, range: 1...100),
                                         mouse: !arguments.flag("--no-mouse"))
        // 0 for q, 130 for Ctrl-C twice, 128 + N after signal N (143 SIGTERM, 129 SIGHUP).
        let status = try application.run()
        if status != 0 { exit(status) }
    }

    /// ./Documents, else the Documents/ folder of the repository the executable was built in.
    static func defaultDocumentsFolder() -> URL? {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Documents")
        if FileManager.default.fileExists(atPath: here.path) { return here }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = folder.appendingPathComponent("Documents")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("ATTRIBUTION").path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }
}
