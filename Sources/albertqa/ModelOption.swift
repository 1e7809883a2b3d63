import Albert
import Answering
import Foundation
import Settings

let modelOption = OptionSpec.text("--model", "DIR", config: .model,
                                  help: "Hugging Face ALBERT QA model directory (default: $ALBERTQA_MODEL, else the shipped Models/\(AlbertReader.defaultModelName))")
let precisionOption = OptionSpec.choice("--precision", UserConfig.precisions, default: "auto", config: .precision,
                                        help: "reader arithmetic (auto: int8 where the kernels run it, else fp32)")
let kernelsOption = OptionSpec.choice("--kernels", ["auto"] + KernelTable.Name.allCases.map(\.rawValue),
                                      help: "the kernel table (default: $ALBERTQA_KERNELS, else auto: the fastest this CPU runs)")
let encoderOption = OptionSpec.text("--encoder", "DIR",
                                    help: "sentence-transformers encoder directory for dense retrieval (default: $ALBERTQA_ENCODER, else the shipped Models/\(SentenceEncoder.defaultModelName))")
let jsonOption = OptionSpec.flag("--json", help: "print JSON (one object per line)")

/// `--model DIR`, or the default model shipped in Models/, on the `--kernels` and in the
/// `--precision` asked for.
func loadReader(_ arguments: ParsedArguments) throws -> AlbertReader {
    guard let directory = modelDirectory(arguments) else {
        throw CLIError.failure("cannot find the default model \(AlbertReader.defaultModelName); pass --model DIR or set ALBERTQA_MODEL")
    }
    let kernels = try kernelTable(arguments)
    return try AlbertReader(directory: directory, precision: precision(arguments, kernels: kernels), kernels: kernels)
}

/// `--kernels auto|avx512|avxvnni|avx2|neon|reference`, else `$ALBERTQA_KERNELS`, else auto. Asking
/// for kernels this CPU can't run is an error, not a fallback: a benchmark or a comparison
/// that names a path must get that path.
func kernelTable(_ arguments: ParsedArguments) throws -> KernelTable {
    guard let name = arguments.string(kernelsOption) else {
        do { return try KernelTable.fromEnvironment() } catch let error as AlbertError { throw CLIError.failure(error.message) }
    }
    do { return try KernelTable.named(name) } catch let error as AlbertError { throw CLIError.failure("--kernels \(name): \(error.message)") }
}

/// `--precision fp32|bf16|int8|auto` (default auto: the kernels' preferred one). A precision
/// the kernels can't run here falls back to fp32 with a one-line notice, so a command never
/// fails for want of AVX-512 BF16 or dotprod.
func precision(_ arguments: ParsedArguments, kernels: KernelTable) -> Precision {
    let name = arguments.string(precisionOption) ?? "auto"
    let precision = Precision(named: name, kernels: kernels) ?? kernels.preferredPrecision  // validated at parse time
    if !kernels.supports(precision) {
        warn("not \(name): \(kernels.unavailableReason(precision)); using fp32")
        return .fp32
    }
    return precision
}

extension Precision {
    /// fp32, bf16, int8, or auto (the kernels' preferred precision).
    init?(named name: String, kernels: KernelTable) {
        if name == "auto" { self = kernels.preferredPrecision } else if let named = Precision(rawValue: name) { self = named } else { return nil }
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

/// The sentence encoder of `--encoder DIR` (or the default one) in `precision`, loaded as the
/// interface loads it (`SentenceEncoderAdapter.load`).
func loadEncoder(_ arguments: ParsedArguments, precision: Precision, kernels: KernelTable? = nil) throws -> SentenceEncoder {
    do {
        return try SentenceEncoderAdapter.load(directory: arguments.string("--encoder").map { URL(fileURLWithPath: $0) },
                                               precision: precision, kernels: kernels).encoder
    } catch is EncoderNotFound {
        throw CLIError.failure("cannot find the default encoder \(SentenceEncoder.defaultModelName); pass --encoder DIR or set ALBERTQA_ENCODER")
    }
}
