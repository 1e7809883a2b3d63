import Albert
import Foundation

/// `--model DIR`, or the default model shipped in Models/.
func loadReader(_ arguments: ParsedArguments) throws -> AlbertReader {
    guard let directory = modelDirectory(arguments) else {
        throw CommandFailure(message: "cannot find the default model Models/\(AlbertReader.defaultModelName); pass --model DIR or set ALBERTQA_MODEL")
    }
    return try AlbertReader(directory: directory)
}

func modelDirectory(_ arguments: ParsedArguments) -> URL? {
    if let path = arguments.string("--model") { return URL(fileURLWithPath: path) }
    return AlbertReader.defaultModelDirectory()
}

let modelOption = CommandSpec.Option(name: "--model", value: "DIR", help: "Hugging Face ALBERT QA model directory (default: Models/\(AlbertReader.defaultModelName))")
let jsonOption = CommandSpec.Option(name: "--json", value: nil, help: "print JSON")
