import Albert
import Foundation

/// `--model DIR`, or the default model shipped in Models/, on the `--kernels` and in the
/// `--precision` asked for.
func loadReader(_ arguments: ParsedArguments) throws -> AlbertReader {
    guard let directory = modelDirectory(arguments) else {
        throw CommandFailure(message: "cannot find the default model Models/\(AlbertReader.defaultModelName); pass --model DIR or set ALBERTQA_MODEL")
    }
    let kernels = try kernelTable(arguments)
    return try AlbertReader(directory: directory, precision: try precision(arguments, kernels: kernels), kernels: kernels)
}

/// `--kernels auto|avx512|avx2|neon|reference`, else `$ALBERTQA_KERNELS`, else auto. Asking
/// for kernels this CPU can't run is an error, not a fallback: a benchmark or a comparison
/// that names a path must get that path.
func kernelTable(_ arguments: ParsedArguments) throws -> KernelTable {
    guard let name = arguments.string("--kernels") else {
        do { return try KernelTable.fromEnvironment() } catch let error as AlbertError { throw CommandFailure(message: error.message) }
    }
    guard name == "auto" || KernelTable.Name(rawValue: name) != nil else {
        throw UsageError(message: "--kernels must be auto, \(KernelTable.Name.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
    }
    do { return try KernelTable.named(name) } catch let error as AlbertError { throw CommandFailure(message: "--kernels \(name): \(error.message)") }
}

/// `--precision fp32|bf16|int8|auto` (default auto: the kernels' preferred one). A precision
/// the kernels can't run here falls back to fp32 with a one-line notice, so a command never
/// fails for want of AVX-512 BF16 or dotprod.
func precision(_ arguments: ParsedArguments, kernels: KernelTable) throws -> Precision {
    let name = arguments.string("--precision") ?? "auto"
    guard let precision = Precision(named: name, kernels: kernels) else {
        throw UsageError(message: "--precision must be fp32, bf16, int8 or auto, not '\(name)'")
    }
    if !kernels.supports(precision) {
        FileHandle.standardError.write(Data("albertqa: not \(name): \(kernels.unavailableReason(precision)); using fp32\n".utf8))
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
    if let path = arguments.string("--model") { return URL(fileURLWithPath: path) }
    return AlbertReader.defaultModelDirectory()
}

let modelOption = CommandSpec.Option(name: "--model", value: "DIR", help: "Hugging Face ALBERT QA model directory (default: Models/\(AlbertReader.defaultModelName))")
let precisionOption = CommandSpec.Option(name: "--precision", value: "P", help: "reader arithmetic: fp32, bf16, int8 or auto (default: int8 where the kernels run it, else fp32)")
let kernelsOption = CommandSpec.Option(name: "--kernels", value: "K", help: "auto, avx512, avx2, neon or reference (default: $ALBERTQA_KERNELS, else auto: the fastest this CPU runs)")
let jsonOption = CommandSpec.Option(name: "--json", value: nil, help: "print JSON")
