import Albert
import Answering
import Foundation
import Retrieval
import Settings
import TUI

/// `albertqa [DIR]`: the full-screen interface on a folder (Documents/ by default).
enum InterfaceCommand {
    static let top = Option<Int>("--top", "N", in: UserConfig.answersRange, config: .answers,
                                 help: "answers per question (the list shows as many as fit)").default(10)
    static let noMouse = Flag("--no-mouse", help: "no mouse clicks and wheel, so the terminal selects text (config: mouse = off)")

    static let spec = CommandSpec(
        name: nil,
        summary: "Open the interactive interface on a folder (default: Documents/).",
        positionals: ["DIR"], minimumPositionals: 0,
        // The session options are `ask`'s (`SessionSettings(arguments)`): the interface answers a
        // folder as `ask` does, and opens an index cut with `--passage-words 120` without
        // rebuilding it. Colour: the TUI reads the configuration file.
        options: [indexOption, modelOption, precisionOption, kernelsOption, nullThresholdOption, top, AskCommand.passages, retrieverOption, encoderOption,
                  columnWeightsOption, fusionDepthOption, vectorWindowOption] + fusionOptions
            + [scopeOption, passageWordsOption, overlapOption, maxFileOption, toolSecondsOption, sourceCodeFlag, noMouse]
    )

    static func run(_ arguments: ParsedArguments) throws {
        guard let folder = arguments.positionals.first.map({ URL(fileURLWithPath: $0) }) ?? defaultDocumentsFolder() else {
            throw CLIError.noDocumentsFolder
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError.noSuchFolder(folder.path)
        }
        guard let model = modelDirectory(arguments) else {
            throw CLIError.defaultModelMissing
        }
        let kernels = try kernelTable(arguments)
        var settings = try SessionSettings(arguments)
        settings.answering.answers = arguments[top]
        settings.answering.passages = arguments[AskCommand.passages]
        settings.answering.nullThreshold = nullThreshold(arguments)
        let application = TUIApplication(folder: folder, settings: settings,
                                         model: ReaderModel(directory: model, precision: precision(arguments, kernels: kernels), kernels: kernels,
                                                            encoderDirectory: arguments[encoderOption]),
                                         mouse: arguments[noMouse] ? false : nil, scope: questionScope(arguments))
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
