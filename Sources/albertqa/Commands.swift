import Foundation

/// A command: its declarations and what runs it.
struct Command: Sendable {
    let spec: CommandSpec
    let run: @Sendable (ParsedArguments) throws -> Void
}

/// Every command, in the order help, the man page and the completions list them.
enum Commands {
    static let all: [Command] = [
        Command(spec: AskCommand.spec, run: AskCommand.run),
        Command(spec: IndexCommand.spec, run: IndexCommand.run),
        Command(spec: SearchCommand.spec, run: SearchCommand.run),
        Command(spec: EvalCommand.spec, run: EvalCommand.run),
        Command(spec: ReadCommand.spec, run: ReadCommand.run),
        Command(spec: TokenizeCommand.spec, run: TokenizeCommand.run),
        Command(spec: BenchCommand.spec, run: BenchCommand.run),
    ]

    /// `albertqa [DIR]`: the interactive interface.
    static let interface = Command(spec: InterfaceCommand.spec, run: InterfaceCommand.run)

    static func named(_ word: String) -> Command? { all.first { $0.spec.name == word } }

    static let version = "albertqa 0.1.0"
}
