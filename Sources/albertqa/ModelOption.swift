import Albert
import Answering
import Foundation
import Settings

let modelOption = Option<URL>.directory("--model", "DIR", config: .model,
                                         help: "Hugging Face extractive-QA model directory: ALBERT, BERT, DistilBERT, RoBERTa, XLM-R or ELECTRA (default: $ALBERTQA_MODEL, else the shipped Models/\(AlbertReader.defaultModelName))")
    .manual("It holds config.json, the weights (model.safetensors, sharded safetensors with model.safetensors.index.json, or pytorch_model.bin, read without running its pickle) and the tokenizer: tokenizer.json, else spiece.model, else vocab.txt (with tokenizer_config.json's do_lower_case). config.json's model_type names the family; an unknown one is an error listing the supported ones")
let precisionOption = Option<PrecisionChoice>("--precision", config: .precision,
                                              help: "reader arithmetic (auto: int8 where the kernels run it, else fp32)")
    .manual("A precision the kernels cannot run here falls back to fp32 with a notice").default(.auto)
let kernelsOption = Option<KernelChoice>("--kernels", help: "the kernel table (default: $ALBERTQA_KERNELS, else auto: the fastest this CPU runs)")
    .manual("Kernels this CPU cannot run are an error, not a fallback")
let encoderOption = Option<URL>.directory("--encoder", "DIR",
                                          help: "sentence-transformers encoder directory for dense retrieval (default: $ALBERTQA_ENCODER, else the shipped Models/\(SentenceEncoder.defaultModelName))")
let nullThresholdOption = Option<Double>("--null-threshold", "X", in: -1000...1000,
                                         help: "SQuAD 2.0 readers: no answer when the null score exceeds the best span's by more than X (default: the model's null_score_diff_threshold, else 0)")
    .manual("The model directory may give it as null_score_diff_threshold in config.json, or as eval_best_f1_thresh in the eval_results.json or all_results.json that Hugging Face's run_qa writes. With the model's calibration.json, the calibrated probability decides \"not found\" and the threshold marks guesses")
let jsonOption = Flag("--json", help: "print JSON (one object per line)")

/// `--null-threshold X` as the reader's threshold (nil: the model directory's, else 0).
func nullThreshold(_ arguments: ParsedArguments) -> Float? {
    arguments[nullThresholdOption].map(Float.init)
}

/// `--model DIR`, or the default model shipped in Models/, on the `--kernels` and in the
/// `--precision` asked for.
func loadReader(_ arguments: ParsedArguments) throws -> AlbertReader {
    guard let directory = modelDirectory(arguments) else {
        throw CLIError.defaultModelMissing
    }
    let kernels = try kernelTable(arguments)
    return try AlbertReader(directory: directory, precision: precision(arguments, kernels: kernels), kernels: kernels)
}

/// `--kernels` (auto or one of `KernelTable.allNames`), else `$ALBERTQA_KERNELS`, else auto. Asking
/// for kernels this CPU can't run is an error, not a fallback: a benchmark or a comparison
/// that names a path must get that path.
func kernelTable(_ arguments: ParsedArguments) throws -> KernelTable {
    guard let choice = arguments[kernelsOption] else {
        do { return try KernelTable.fromEnvironment() } catch let error as AlbertError { throw CLIError.library(error) }
    }
    do { return try KernelTable.named(choice.argument) } catch let error as AlbertError { throw CLIError.kernelsUnavailable(name: choice.argument, error) }
}

/// `--precision fp32|bf16|int8|auto` (default auto: the kernels' preferred one). A precision
/// the kernels can't run here falls back to fp32 with a one-line notice, so a command never
/// fails for want of AVX-512 BF16 or dotprod.
func precision(_ arguments: ParsedArguments, kernels: KernelTable) -> Precision {
    let choice = arguments[precisionOption]
    let precision = choice.precision(on: kernels)
    if !kernels.supports(precision) {
        warn("not \(choice.argument): \(kernels.unavailableReason(precision)); using fp32")
        return .fp32
    }
    return precision
}

extension PrecisionChoice {
    /// The precision named, or for auto the kernels' preferred one.
    func precision(on kernels: KernelTable) -> Precision {
        switch self {
        case let .named(precision): precision
        case .auto: kernels.preferredPrecision
        }
    }
}

func modelDirectory(_ arguments: ParsedArguments) -> URL? {
    arguments[modelOption] ?? AlbertReader.defaultModelDirectory()
}

/// `--encoder DIR` (given a value), else `$ALBERTQA_ENCODER`, else the shipped Models/all-minilm-l6-v2.
/// `option`: the command's declaration (bench and tokenize take `--encoder` with an optional value).
func encoderDirectory(_ arguments: ParsedArguments, _ option: Option<URL> = encoderOption) -> URL? {
    arguments[option] ?? SentenceEncoder.defaultModelDirectory()
}

/// The sentence encoder of `--encoder DIR` (or the default one) in `precision`, loaded as the
/// interface loads it (`SentenceEncoderAdapter.load`).
func loadEncoder(_ arguments: ParsedArguments, _ option: Option<URL> = encoderOption, precision: Precision,
                 kernels: KernelTable? = nil) throws -> SentenceEncoder {
    do {
        return try SentenceEncoderAdapter.load(directory: arguments[option],
                                               precision: precision, kernels: kernels).encoder
    } catch AnsweringError.encoderNotFound {
        throw CLIError.defaultEncoderMissing
    }
}
