import Albert
import Foundation
import Retrieval
import Settings

/// A command's option, declared once as a static property; `arguments[option]` reads its
/// value with its type, so that a misspelt option is a compile error, not a nil at run time.
/// The untyped `spec` is what parsing, help, the man page and the completions read.
protocol OptionDeclaration: Sendable {
    var spec: OptionSpec { get }
}

extension OptionDeclaration {
    var name: String { spec.name }
}

/// A value an option takes, parsed from its command-line text (nil: not one), and spelt back
/// for defaults in help. Ranges and choices are checked at parse time by the declaration.
protocol ArgumentValue: Sendable {
    init?(argument: String)
    var argument: String { get }
}

/// An option whose values are the cases of an enum (`allCases`): help, errors, the man page
/// and the completions list exactly these.
protocol ChoiceValue: ArgumentValue, CaseIterable {}

extension ArgumentValue where Self: RawRepresentable, RawValue == String {
    init?(argument: String) { self.init(rawValue: argument) }
    var argument: String { rawValue }
}

extension Int: ArgumentValue {
    init?(argument: String) { self.init(argument) }
    var argument: String { String(self) }
}

extension Double: ArgumentValue {
    init?(argument: String) { self.init(argument) }
    var argument: String { OptionSpec.format(self) }
}

extension String: ArgumentValue {
    init?(argument: String) { self = argument }
    var argument: String { self }
}

/// A path option's value: a file or folder (completed as one).
extension URL: ArgumentValue {
    init?(argument: String) { self.init(fileURLWithPath: argument) }
    var argument: String { path }
}

extension RetrieverKind: ChoiceValue {}
extension FusionMethod: ChoiceValue {}
extension UserConfig.Color: ChoiceValue {}

/// `--precision`: one of the library's precisions, or auto (the kernels' preferred one).
enum PrecisionChoice: ChoiceValue, Equatable {
    case named(Precision)
    case auto

    static var allCases: [PrecisionChoice] { Precision.allCases.map(Self.named) + [.auto] }

    init?(argument: String) {
        guard let choice = Self.allCases.first(where: { $0.argument == argument }) else { return nil }
        self = choice
    }

    var argument: String {
        switch self {
        case let .named(precision): precision.rawValue
        case .auto: "auto"
        }
    }
}

/// `--kernels`: auto (the fastest this CPU runs) or one of the library's kernel tables.
enum KernelChoice: ChoiceValue, Equatable {
    case auto
    case named(String)

    static var allCases: [KernelChoice] { [.auto] + KernelTable.allNames.map(Self.named) }

    init?(argument: String) {
        guard let choice = Self.allCases.first(where: { $0.argument == argument }) else { return nil }
        self = choice
    }

    var argument: String {
        switch self {
        case .auto: "auto"
        case let .named(name): name
        }
    }
}

/// An option without a value: `arguments[flag]` is whether it was given.
struct Flag: OptionDeclaration {
    private(set) var spec: OptionSpec

    /// `config`: an on/off key of the configuration file that gives the flag when on.
    init(_ name: String, config: UserConfig.Key? = nil, help: String) { spec = OptionSpec(name, nil, .flag, config: config, help: help) }

    /// The man page's words beyond the help line.
    func manual(_ detail: String) -> Flag {
        var flag = self
        flag.spec.manualDetail = detail
        return flag
    }
}

/// An option with a value and no default: `arguments[option]` is nil when it is not given
/// (on the command line or, where it has a key, in the configuration file).
struct Option<Value: ArgumentValue>: OptionDeclaration {
    private(set) var spec: OptionSpec

    fileprivate init(spec: OptionSpec) { self.spec = spec }

    /// The man page's words beyond the help line (call before `default`).
    func manual(_ detail: String) -> Option {
        var option = self
        option.spec.manualDetail = detail
        return option
    }

    /// The same option with a default: `arguments[option]` is then never nil.
    func `default`(_ value: Value) -> DefaultedOption<Value> {
        DefaultedOption(spec: spec.defaulting(to: value.argument), defaultValue: value)
    }
}

/// An option that may be given several times (`--in a --in b`): `arguments[option]` is every
/// value in the order given (empty when none).
struct RepeatedOption<Value: ArgumentValue>: OptionDeclaration {
    private(set) var spec: OptionSpec

    init(_ name: String, _ valueName: String, help: String, completion: OptionSpec.Completion = .none) {
        spec = OptionSpec(name, valueName, .text, help: help, completion: completion)
        spec.isRepeatable = true
    }

    /// The man page's words beyond the help line.
    func manual(_ detail: String) -> RepeatedOption {
        var option = self
        option.spec.manualDetail = detail
        return option
    }
}

/// An option with a declared default (shown in help): `arguments[option]` is its value.
struct DefaultedOption<Value: ArgumentValue>: OptionDeclaration {
    let spec: OptionSpec
    let defaultValue: Value
}

extension Option where Value == Int {
    init(_ name: String, _ valueName: String, in range: ClosedRange<Int>, config: UserConfig.Key? = nil, help: String) {
        spec = OptionSpec(name, valueName, .integer(range), config: config, help: help)
    }
}

extension Option where Value == Double {
    init(_ name: String, _ valueName: String, in range: ClosedRange<Double>, help: String) {
        spec = OptionSpec(name, valueName, .number(range), help: help)
    }
}

extension Option where Value == String {
    /// Free text; `suggesting` lists the usual values for completion (a list option's words).
    init(_ name: String, _ valueName: String, suggesting words: [String] = [], help: String) {
        spec = OptionSpec(name, valueName, .text, help: help, completion: words.isEmpty ? OptionSpec.Completion.none : .words(words))
    }

    /// Text that names a file, or `-` for standard input.
    static func fileOrStandardInput(_ name: String, _ valueName: String, help: String) -> Option {
        Option(spec: OptionSpec(name, valueName, .text, help: help, completion: .files))
    }
}

extension Option where Value == URL {
    static func file(_ name: String, _ valueName: String, help: String) -> Option {
        Option(spec: OptionSpec(name, valueName, .text, help: help, completion: .files))
    }

    static func directory(_ name: String, _ valueName: String, config: UserConfig.Key? = nil, help: String) -> Option {
        Option(spec: OptionSpec(name, valueName, .text, config: config, help: help, completion: .directories))
    }

    /// `--encoder` alone or `--encoder DIR` (`arguments.isGiven` tells the first).
    static func directoryOrFlag(_ name: String, _ valueName: String, help: String) -> Option {
        Option(spec: OptionSpec(name, "[\(valueName)]", .optionalText, help: help, completion: .directories))
    }
}

extension Option where Value: ChoiceValue {
    /// The choices are `Value.allCases`, shown as `a|b|c`.
    init(_ name: String, config: UserConfig.Key? = nil, help: String) {
        let choices = Value.allCases.map(\.argument)
        spec = OptionSpec(name, choices.joined(separator: "|"), .choice(choices), config: config, help: help)
    }
}
