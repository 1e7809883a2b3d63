import Foundation
import Settings

/// What parsing, `--help`, the man page and the completions know of one option: name, value
/// type (with its valid range or choices), default, the configuration-file key that may set
/// it, and help. Commands never build one by hand: they declare a typed `Flag`, `Option` or
/// `DefaultedOption` (Option.swift), whose `spec` this is, and read its value through it
/// (`arguments[top]`), so a misspelt option does not compile.
struct OptionSpec: Sendable {
    enum Kind: Sendable {
        case flag
        case text
        case integer(ClosedRange<Int>)
        /// Finite numbers in the range: "nan", "inf" and 1e308 are usage errors, not NaN output.
        case number(ClosedRange<Double>)
        case choice([String])
        /// A flag that may take a value (`--encoder` alone, or `--encoder DIR`): the next
        /// argument is its value unless it is an option. Only for commands without positionals.
        case optionalText
    }

    /// What a shell offers for the value (the completion files are generated from it).
    enum Completion: Sendable, Equatable {
        case none
        case files
        case directories
        /// Paths inside the folder the command reads (its DIR argument, or `--folder DIR`), as
        /// `--in` patterns are written: relative to that folder, not to the shell's.
        case folderPaths
        /// Suggested words (a choice's values, or a list option's usual ones).
        case words([String])
    }

    let name: String
    let valueName: String?
    let kind: Kind
    let defaultValue: String?
    let configKey: UserConfig.Key?
    let help: String
    let completion: Completion
    /// More than the help line says, for the man page only (what happens at the edges).
    var manualDetail: String?
    /// May be given more than once; every value is kept (`RepeatedOption`).
    var isRepeatable = false

    init(_ name: String, _ valueName: String?, _ kind: Kind, default defaultValue: String? = nil,
         config configKey: UserConfig.Key? = nil, help: String, completion: Completion? = nil) {
        self.name = name
        self.valueName = valueName
        self.kind = kind
        self.defaultValue = defaultValue
        self.configKey = configKey
        self.help = help
        if let completion {
            self.completion = completion
        } else if case let .choice(choices) = kind {
            self.completion = .words(choices)
        } else {
            self.completion = .none
        }
    }

    /// The same declaration with a default value (as the command line spells it).
    func defaulting(to value: String) -> OptionSpec {
        var spec = OptionSpec(name, valueName, kind, default: value, config: configKey, help: help, completion: completion)
        spec.manualDetail = manualDetail
        spec.isRepeatable = isRepeatable
        return spec
    }

    var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }

    /// Checks a value against the declaration; the error names the option and what it takes.
    func validate(_ value: String) throws(CLIError) {
        switch kind {
        case .flag, .text, .optionalText:
            return
        case let .integer(range):
            guard let number = Int(value), range.contains(number) else {
                throw .invalidValue(option: name, value: value, expected: "a whole number in \(Self.describe(range))")
            }
        case let .number(range):
            guard let number = Double(value), number.isFinite, range.contains(number) else {
                throw .invalidValue(option: name, value: value, expected: "a number in \(Self.format(range.lowerBound))...\(Self.format(range.upperBound))")
            }
        case let .choice(choices):
            guard choices.contains(value) else {
                throw .invalidValue(option: name, value: value, expected: choices.joined(separator: ", ").replacingLastComma())
            }
        }
    }

    /// The same option as `other` in everything a reader of the man page sees.
    func isSameDeclaration(as other: OptionSpec) -> Bool {
        name == other.name && valueName == other.valueName && help == other.help && defaultValue == other.defaultValue
            && configKey == other.configKey && rangeDescription == other.rangeDescription && completion == other.completion
            && manualDetail == other.manualDetail && isRepeatable == other.isRepeatable
    }

    static func format(_ number: Double) -> String { String(format: "%g", number) }

    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "\(range.lowerBound)..." : "\(range.lowerBound)...\(range.upperBound)"
    }

    /// The help line's text after the option's own help: default, configuration key.
    var helpDetails: String {
        var details: [String] = []
        if isRepeatable { details.append("repeatable") }
        if let defaultValue { details.append("default \(defaultValue)") }
        if let configKey { details.append("config: \(configKey.rawValue)") }
        return details.isEmpty ? "" : " (\(details.joined(separator: "; ")))"
    }

    /// The valid values in words, for the man page: "1...100", "-100...100"; nil when any text goes.
    var rangeDescription: String? {
        switch kind {
        case let .integer(range): Self.describe(range)
        case let .number(range): "\(Self.format(range.lowerBound))...\(Self.format(range.upperBound))"
        default: nil
        }
    }
}

extension String {
    func replacingLastComma() -> String {
        guard let range = range(of: ", ", options: .backwards) else { return self }
        return replacingCharacters(in: range, with: " or ")
    }
}
