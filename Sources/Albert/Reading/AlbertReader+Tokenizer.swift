import Foundation

extension AlbertReader {
    /// The tokenizer of a reader model directory, chosen by its config.json's `model_type`.
    public static func loadTokenizer(directory: URL) throws -> any ReaderTokenizer {
        let config = try AlbertConfig.load(from: directory.appendingPathComponent("config.json"))
        return try loadTokenizer(directory: directory, modelType: config.modelType).0
    }

    /// The one place that chooses a model directory's tokenizer, from its `ModelType`:
    /// - ALBERT: `spiece.model` (sentencepiece);
    /// - BERT, DistilBERT, ELECTRA: `vocab.txt` (WordPiece), with `tokenizer_config.json`'s
    ///   `do_lower_case`, `strip_accents` and `tokenize_chinese_chars` (as the sentence encoder
    ///   reads them);
    /// - RoBERTa, XLM-R: their byte-level BPE and Unigram tokenizers come only as
    ///   `tokenizer.json`, which this build does not read yet: a one-line error says so.
    /// Returns the tokenizer and the file it came from (for errors about it).
    static func loadTokenizer(directory: URL, modelType: ModelType) throws -> (any ReaderTokenizer, URL) {
        switch modelType {
        case .albert:
            let url = directory.appendingPathComponent("spiece.model")
            return (try AlbertTokenizer(modelURL: url), url)
        case .bert, .distilbert, .electra:
            return (try SentenceEncoder.loadTokenizer(modelDirectory: directory), directory.appendingPathComponent("vocab.txt"))
        case .roberta, .xlmRoberta:
            throw AlbertError.file(directory.appendingPathComponent("tokenizer.json"), .tokenizerNotSupported(modelType: modelType.rawValue))
        }
    }
}
