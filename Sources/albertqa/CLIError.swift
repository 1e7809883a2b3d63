import Albert
import Documents
import Foundation
import Retrieval
import Settings

/// Everything that ends a command early. Each case carries what went wrong (a path, a value,
/// the library's error itself), renders as one line in `message` — the only place the CLI's
/// words are written — and maps to its exit status in `ExitStatus.of(_:)`, the only place
/// exit codes are decided.
enum CLIError: Error {
    // How the command was called (exit 2); printed with the command's usage line.
    case unknownCommand(String)
    case unknownOption(String, command: String)
    case missingValue(option: String)
    case unexpectedValue(option: String)
    case invalidValue(option: String, value: String, expected: String)
    case missingArguments([String], command: String)
    case unexpectedArgument(String)
    /// A required option not given (`read` without `--question`).
    case missingOption(String, command: String)
    /// Exactly one of these options, not none or both.
    case needsExactlyOne(of: [String], command: String)
    /// Two options that cannot be used together.
    case exclusiveOptions(String, String, command: String)
    /// An option that means something only with one of `modes` (`eval --in` without `--open`
    /// or `--recall`, which would silently ignore it).
    case optionNeedsMode(String, modes: [String], command: String)
    case invalidVectorWindow(String)
    case invalidColumnWeights(String)
    case invalidFollowUpWeights(String)
    /// `eval --recall --candidates` with `--retriever bm25`: no encoder to give the dense list.
    case candidatesNeedEncoder
    case noQuestionOnStandardInput
    case questionHasNoWords
    /// A line of standard input that is not UTF-8 text (NUL bytes or invalid UTF-8).
    case notTextOnStandardInput(line: Int)
    /// The interface without DIR and no Documents/ folder to open.
    case noDocumentsFolder
    /// A bad line in the user's configuration file (exit 2, like a bad flag: it is one).
    case configuration(UserConfigError)
    // Running a well-formed command failed (exit 1).
    case noSuchFolder(String)
    case notAFolder(String)
    case defaultModelMissing
    case defaultEncoderMissing
    /// The folder has no document a reader could read.
    case noDocuments(folder: String, skipped: Int)
    case cannotRead(path: String, what: String)
    case cannotCreate(path: String, what: String)
    case tooFewPassages(path: String)
    case lineTooLong(line: Int)
    case standardInputUnreadable(errno: Int32)
    /// `bench`: none of the kernel tables and precisions asked for runs on this CPU.
    case nothingToBenchmark
    /// A kernel table named on the command line that the library refuses (not on this CPU).
    case kernelsUnavailable(name: String, any Error)
    /// A library error the CLI adds nothing to: shown by its own description.
    case library(any Error)
    /// The results could not be written or serialised: never a silent exit 0.
    case output(OutputFailure)
    /// `ask` found no confident answer: not a failure, its own exit status; nothing more printed.
    case noConfidentAnswer
    /// A signal asked the command to stop (exit 128 + the signal's number, as shells report).
    case interrupted(signal: Int32)

    /// Why output failed.
    enum OutputFailure: Sendable {
        case unwritable(stream: String, errno: Int32)
        case nonFiniteJSON(key: String)
        case notJSON(any Error)
        case nonFiniteNumber(what: String)
    }

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
        case let .missingOption(option, command):
            "\(command) needs \(option)"
        case let .needsExactlyOne(options, command):
            "\(command) needs exactly one of \(options.joined(separator: " or "))"
        case let .exclusiveOptions(first, second, command):
            "\(command): \(first) and \(second) cannot be used together"
        case let .optionNeedsMode(option, modes, command):
            "\(command): \(option) applies only with \(modes.joined(separator: " or "))"
        case let .invalidVectorWindow(text):
            "\(vectorWindowOption.name) must be W or W,S with 0 ≤ W ≤ 5000 and 1 ≤ S ≤ W, not '\(text)'"
        case let .invalidColumnWeights(text):
            "\(columnWeightsOption.name) must be three numbers ≥ 0 like 2,1,1, not '\(text)'"
        case let .invalidFollowUpWeights(text):
            "\(EvalCommand.followUpWeights.name) must be two numbers from 0 to 10 like 0.5,0.5, not '\(text)'"
        case .candidatesNeedEncoder:
            "\(EvalCommand.candidates.name) needs the sentence encoder: not with \(retrieverOption.name) \(RetrieverKind.bm25.rawValue)"
        case .noQuestionOnStandardInput:
            "no question on standard input"
        case .questionHasNoWords:
            "the question has no words"
        case let .notTextOnStandardInput(line):
            "standard input: line \(line) is not UTF-8 text (binary input?)"
        case .noDocumentsFolder:
            "no Documents/ folder here; name the folder to open: albertqa DIR"
        case let .configuration(error):
            "\(error)"
        case let .noSuchFolder(path):
            "\(path): no such folder"
        case let .notAFolder(path):
            "\(path): not a folder (name the folder that holds the documents)"
        case .defaultModelMissing:
            "cannot find the default model \(AlbertReader.defaultModelName); pass \(modelOption.name) DIR or set ALBERTQA_MODEL"
        case .defaultEncoderMissing:
            "cannot find the default encoder \(SentenceEncoder.defaultModelName); pass \(encoderOption.name) DIR or set ALBERTQA_ENCODER"
        case let .noDocuments(folder, skipped):
            "\(folder): no documents to answer from (\(skipped) files skipped; formats read: \(DocumentFormat.readableExtensions))"
        case let .cannotRead(path, what):
            "\(path): cannot read \(what)"
        case let .cannotCreate(path, what):
            "\(path): cannot write \(what)"
        case let .tooFewPassages(path):
            "\(path): needs at least 2 passages, one per line"
        case let .lineTooLong(line):
            "standard input: line \(line) is over \(StandardInputLines.maximumLineBytes / 1024) KB, not a question"
        case let .standardInputUnreadable(code):
            "cannot read standard input: \(String(cString: strerror(code)))"
        case .nothingToBenchmark:
            "none of the kernels and precisions asked for runs on this CPU"
        case let .kernelsUnavailable(name, error):
            "\(kernelsOption.name) \(name): \(error)"
        case let .library(error):
            "\(error)"
        case let .output(failure):
            failure.message
        case let .interrupted(signal):
            "interrupted by \(signalName(signal))"
        case .noConfidentAnswer:
            ""
        }
    }

    /// Usage mistakes are followed by the command's usage line.
    var showsUsage: Bool {
        switch self {
        case .unknownOption, .missingValue, .unexpectedValue, .invalidValue, .missingArguments, .unexpectedArgument, .missingOption,
             .needsExactlyOne, .exclusiveOptions, .optionNeedsMode, .invalidVectorWindow, .invalidColumnWeights, .invalidFollowUpWeights,
             .candidatesNeedEncoder, .noQuestionOnStandardInput, .questionHasNoWords, .notTextOnStandardInput, .noDocumentsFolder: true
        default: false
        }
    }
}

extension CLIError.OutputFailure {
    var message: String {
        switch self {
        case let .unwritable(stream, code): "cannot write to \(stream): \(String(cString: strerror(code)))"
        case let .nonFiniteJSON(key): "cannot write JSON: \(key) is not a finite number"
        case let .notJSON(error): "cannot write JSON: \(error.localizedDescription)"
        case let .nonFiniteNumber(what): "cannot print \(what): it is not a finite number"
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
             .unexpectedArgument, .missingOption, .needsExactlyOne, .exclusiveOptions, .optionNeedsMode, .invalidVectorWindow, .invalidColumnWeights,
             .invalidFollowUpWeights, .candidatesNeedEncoder, .noQuestionOnStandardInput, .questionHasNoWords, .notTextOnStandardInput,
             .noDocumentsFolder, .configuration:
            return usage
        case .noSuchFolder, .notAFolder, .defaultModelMissing, .defaultEncoderMissing, .noDocuments, .cannotRead, .cannotCreate,
             .tooFewPassages, .lineTooLong, .standardInputUnreadable, .nothingToBenchmark, .kernelsUnavailable, .library, .output:
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
