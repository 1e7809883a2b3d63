import Foundation
import Settings

/// Everything that ends a command early. Each case renders as one line (`message`) and maps
/// to its exit status in `ExitStatus.of(_:)`, the only place exit codes are decided.
enum CLIError: Error {
    // How the command was called (exit 2); printed with the command's usage line.
    case unknownCommand(String)
    case unknownOption(String, command: String)
    case missingValue(option: String)
    case unexpectedValue(option: String)
    case invalidValue(option: String, value: String, expected: String)
    case missingArguments([String], command: String)
    case unexpectedArgument(String)
    case usage(String)
    /// A bad line in the user's configuration file (exit 2, like a bad flag: it is one).
    case configuration(UserConfigError)
    // Running a well-formed command failed (exit 1).
    case noSuchFolder(String)
    case failure(String)
    /// The results could not be written or serialised: never a silent exit 0.
    case output(String)
    /// `ask` found no confident answer: not a failure, its own exit status; nothing more printed.
    case noConfidentAnswer
    /// A signal asked the command to stop (exit 128 + the signal's number, as shells report).
    case interrupted(signal: Int32)

    var message: String {
        switch self {
        case let .unknownCommand(word):
            "'\(word)' is neither a command nor a folder (try albertqa --help)"
        case let .unknownOption(name, command):
            "unknown option \(name) for '\(command)'"
        case let .missingValue(option):
            "\(option) needs a value"
        case let .unexpectedValue(option):
            "\(option) takes no value"
        case let .invalidValue(option, value, expected):
            "\(option) must be \(expected), got '\(value.prefix(60))'"
        case let .missingArguments(names, command):
            "'\(command)' needs \(names.joined(separator: " "))"
        case let .unexpectedArgument(argument):
            "unexpected argument '\(argument.prefix(60))'"
        case let .usage(message), let .failure(message), let .output(message):
            message
        case let .configuration(error):
            "\(error)"
        case let .noSuchFolder(path):
            "\(path): no such folder"
        case let .interrupted(signal):
            "interrupted by \(signalName(signal))"
        case .noConfidentAnswer:
            ""
        }
    }

    /// Usage mistakes are followed by the command's usage line.
    var showsUsage: Bool {
        switch self {
        case .unknownOption, .missingValue, .unexpectedValue, .invalidValue, .missingArguments, .unexpectedArgument, .usage: true
        default: false
        }
    }
}

/// The exit codes of every command (the man page's EXIT STATUS and the README list them).
enum ExitStatus {
    static let success: Int32 = 0
    /// A command failed: one line on stderr names the file or the cause.
    static let failure: Int32 = 1
    /// A usage or configuration mistake: the line plus the command's usage.
    static let usage: Int32 = 2
    /// `ask`: no confident answer (every answer is a guess, or none was found).
    static let noConfidentAnswer: Int32 = 3

    static func of(_ error: Error) -> Int32 {
        guard let error = error as? CLIError else { return failure }  // library errors: one line naming the file
        switch error {
        case .unknownCommand, .unknownOption, .missingValue, .unexpectedValue, .invalidValue, .missingArguments,
             .unexpectedArgument, .usage, .configuration:
            return usage
        case .noSuchFolder, .failure, .output:
            return failure
        case .noConfidentAnswer:
            return noConfidentAnswer
        case let .interrupted(signal):
            return 128 + signal  // SIGHUP 129, SIGINT 130, SIGTERM 143
        }
    }
}

func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGINT: "SIGINT"
    case SIGTERM: "SIGTERM"
    case SIGHUP: "SIGHUP"
    default: "signal \(signal)"
    }
}

// Spellings from before `CLIError`, kept so that branches written against them still build;
// they make the same CLIError cases.
func UsageError(message: String) -> CLIError { .usage(message) }
func CommandFailure(message: String) -> CLIError { .failure(message) }
