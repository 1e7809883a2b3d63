import Albert
import Foundation
import Settings

let modelOption = OptionSpec.text("--model", "DIR", config: .model,
                                  help: "Hugging Face ALBERT QA model directory (default: $ALBERTQA_MODEL, else the shipped Models/\(AlbertReader.defaultModelName))")
let precisionOption = OptionSpec.choice("--precision", UserConfig.precisions, default: "auto", config: .precision,
                                        help: "reader arithmetic (auto: int8 where the CPU has AVX-512 VNNI, else fp32)")
let encoderOption = OptionSpec.text("--encoder", "DIR",
                                    help: "sentence-transformers encoder directory for dense retrieval (default: $ALBERTQA_ENCODER, else the shipped Models/\(SentenceEncoder.defaultModelName))")
let jsonOption = OptionSpec.flag("--json", help: "print JSON (one object per line)")

/// `--model DIR`, or the default model shipped in Models/, in the `--precision` asked for.
func loadReader(_ arguments: ParsedArguments) throws -> AlbertReader {
    guard let directory = modelDirectory(arguments) else {
        throw CLIError.failure("cannot find the default model \(AlbertReader.defaultModelName); pass --model DIR or set ALBERTQA_MODEL")
    }
    return try AlbertReader(directory: directory, precision: precision(arguments))
}

/// `--precision fp32|bf16|int8|auto` (default auto). A precision this CPU cannot run falls
/// back to fp32 with a one-line notice, so a command never fails for want of AVX-512.
func precision(_ arguments: ParsedArguments) -> Precision {
    let name = arguments.string(precisionOption) ?? "auto"
    let precision = Precision(named: name) ?? .automatic  // validated at parse time
    if precision != .fp32 && !precision.isSupportedByCPU {
        warn("not \(name): \(precision.unavailableReason); using fp32")
        return .fp32
    }
    return precision
}

extension Precision {
    /// fp32, bf16, int8, or auto (`Precision.automatic`).
    init?(named name: String) {
        if name == "auto" { self = .automatic } else if let named = Precision(rawValue: name) { self = named } else { return nil }
    }
}

func modelDirectory(_ arguments: ParsedArguments) -> URL? {
    if let path = arguments.string(modelOption) { return URL(fileURLWithPath: path) }
    return AlbertReader.defaultModelDirectory()
}

/// `--encoder DIR` (given a value), else `$ALBERTQA_ENCODER`, else the shipped Models/all-minilm-l6-v2.
func encoderDirectory(_ arguments: ParsedArguments) -> URL? {
    if let path = arguments.string("--encoder") { return URL(fileURLWithPath: path) }
    return SentenceEncoder.defaultModelDirectory()
}

/// The sentence encoder of `--encoder DIR` (or the default one) in `precision`.
func loadEncoder(_ arguments: ParsedArguments, precision: Precision) throws -> SentenceEncoder {
    guard let directory = encoderDirectory(arguments) else {
        throw CLIError.failure("cannot find the default encoder \(SentenceEncoder.defaultModelName); pass --encoder DIR or set ALBERTQA_ENCODER")
    }
    return try SentenceEncoder(modelDirectory: directory, precision: precision)
}
