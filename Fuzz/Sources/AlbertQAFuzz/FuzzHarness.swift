import Foundation

/// One fuzz target: a function of arbitrary bytes that must return, within bounded time and
/// memory, for every input. Each checks the invariants its code promises (a broken invariant
/// is a crash, so the fuzzer reports it with the input).
struct FuzzHarness: Sendable {
    let name: String
    let summary: String
    let run: @Sendable (Data) -> Void

    /// Every harness, by the name `ALBERTQA_FUZZ_TARGET` and Scripts/fuzz.sh use (the seed
    /// corpus of each lies in Fuzz/corpus/<name>/).
    static let all: [FuzzHarness] = [
        .init(name: "safetensors", summary: "safetensors header parsing and tensor loading", run: ModelFileHarnesses.safetensors),
        .init(name: "torch-pickle", summary: "the restricted unpickler of pytorch_model.bin's data.pkl", run: ModelFileHarnesses.torchPickle),
        .init(name: "config", summary: "config.json parsing", run: ModelFileHarnesses.config),
        .init(name: "text-decoding", summary: "bytes to document text", run: DocumentHarnesses.textDecoding),
        .init(name: "html", summary: "HTML text extraction", run: DocumentHarnesses.html),
        .init(name: "spreadsheet-csv", summary: "xls2csv output to table rows", run: DocumentHarnesses.spreadsheetCSV),
        .init(name: "powerpoint", summary: "PowerPoint 97 (.ppt) without catppt: OLE container and text records", run: DocumentHarnesses.powerpoint),
        .init(name: "mime", summary: "mail (.eml, mbox) to document text", run: DocumentHarnesses.mime),
        .init(name: "plain-text", summary: "JSON/NDJSON, XML, org and YAML read as text; PDF line-end hyphens", run: DocumentHarnesses.plainText),
        .init(name: "csv", summary: "CSV/TSV parsing and rows with headers", run: TableHarnesses.csv),
        .init(name: "markdown-tables", summary: "Markdown pipe tables to rows", run: TableHarnesses.markdownTables),
        .init(name: "xlsx-sheet", summary: "Excel worksheet cells to rows", run: TableHarnesses.xlsxSheet),
        .init(name: "ods-content", summary: "OpenDocument spreadsheet content to rows", run: TableHarnesses.odsContent),
        .init(name: "chunking", summary: "cutting text into passages", run: RetrievalHarnesses.chunking),
        .init(name: "query", summary: "question to FTS5 query, run against a real index", run: RetrievalHarnesses.query),
        .init(name: "tokenizer", summary: "ALBERT sentencepiece tokenisation with offsets", run: TokenizerHarnesses.tokenize),
        .init(name: "tokenizer-json", summary: "tokenizer.json parsing and tokenisation with offsets (HubTokenizer)", run: TokenizerHarnesses.tokenizerJSON),
    ]

    static func named(_ name: String) -> FuzzHarness? { all.first { $0.name == name } }
}

/// Stops the process with the broken invariant (the fuzzer keeps the input that did it).
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data("invariant broken: \(message())\n".utf8))
        abort()
    }
}

/// The repository root (the harness runs from it; Scripts/fuzz.sh makes sure).
let repositoryRoot = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
