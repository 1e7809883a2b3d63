import Albert
import Foundation

/// `--model DIR`, or the default model shipped in Models/, in the `--precision` asked for.
func loadReader(_ arguments: ParsedArguments) throws -> AlbertReader {
    guard let directory = modelDirectory(arguments) else {
        throw CommandFailure(message: "cannot find the default model Models/\(AlbertReader.defaultModelName); pass --model DIR or set ALBERTQA_MODEL")
    }
    return try AlbertReader(directory: directory, precision: try precision(arguments))
}

/// `--precision fp32|bf16|int8|auto` (default auto). A precision this CPU cannot run falls
/// back to fp32 with a one-line notice, so a command never fails for want of AVX-512.
func precision(_ arguments: ParsedArguments) throws -> Precision {
    let name = arguments.string("--precision") ?? "auto"
    guard let precision = Precision(named: name) else {
        throw UsageError(message: "--precision must be fp32, bf16, int8 or auto, not '\(name)'")
    }
    if precision != .fp32 && !precision.isSupportedByCPU {
        FileHandle.standardError.write(Data("albertqa: not \(name): \(precision.unavailableReason); using fp32\n".utf8))
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
    if let path = arguments.string("--model") { return URL(fileURLWithPath: path) }
    return AlbertReader.defaultModelDirectory()
}

/// `--encoder DIR`, else `ALBERTQA_ENCODER`, else the shipped Models/all-minilm-l6-v2.
func encoderDirectory(_ arguments: ParsedArguments) -> URL? {
    if let path = arguments.string("--encoder") { return URL(fileURLWithPath: path) }
    return SentenceEncoder.defaultModelDirectory()
}

/// The sentence encoder of `--encoder DIR` (or the default one) in `precision`.
func loadEncoder(_ arguments: ParsedArguments, precision: Precision) throws -> SentenceEncoder {
    guard let directory = encoderDirectory(arguments) else {
        throw CommandFailure(message: "cannot find the default encoder Models/\(SentenceEncoder.defaultModelName); pass --encoder DIR or set ALBERTQA_ENCODER")
    }
    return try SentenceEncoder(modelDirectory: directory, precision: precision)
}

let encoderOption = CommandSpec.Option(name: "--encoder", value: "DIR", help: "sentence-transformers encoder directory for dense retrieval (default: Models/\(SentenceEncoder.defaultModelName))")
let modelOption = CommandSpec.Option(name: "--model", value: "DIR", help: "Hugging Face ALBERT QA model directory (default: Models/\(AlbertReader.defaultModelName))")
let precisionOption = CommandSpec.Option(name: "--precision", value: "P", help: "reader arithmetic: fp32, bf16, int8 or auto (default: int8 where the CPU has AVX-512 VNNI, else fp32)")
let jsonOption = CommandSpec.Option(name: "--json", value: nil, help: "print JSON")
