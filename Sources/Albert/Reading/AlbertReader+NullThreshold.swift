import Foundation

extension AlbertReader {
    /// Where a SQuAD 2.0 reader's model directory may say how far the null ("no answer") score
    /// may exceed the best span's before the context counts as not answering, in the order
    /// they are looked at: the key `null_score_diff_threshold` of `config.json` (the name of
    /// HF's run_qa argument), then the threshold HF's run_qa measured on SQuAD 2.0 dev
    /// (`eval_best_f1_thresh` in `eval_results.json` or `all_results.json`: the squad_v2
    /// metric's best F1 threshold, on the same null − best-span scale).
    static let nullThresholdSources: [(file: String, key: String)] = [
        ("config.json", "null_score_diff_threshold"),
        ("eval_results.json", "eval_best_f1_thresh"),
        ("all_results.json", "eval_best_f1_thresh"),
    ]

    /// The model directory's null-score threshold (`nullThresholdSources`), nil when it names
    /// none. A value that is not a finite number is an error naming the file and key.
    static func nullScoreDiffThreshold(in directory: URL) throws -> Float? {
        for (file, key) in nullThresholdSources {
            let url = directory.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let data = try ModelFile.read(url, what: "the model's results", limit: AlbertConfig.maxFileBytes)
            guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw AlbertError.file(url, .notJSONObject)
            }
            guard let value = json[key], !(value is NSNull) else { continue }
            guard let number = JSONNumber.real(value), Float(number).isFinite else {
                throw AlbertError.file(url, .notFiniteNumber(key: key))
            }
            return Float(number)
        }
        return nil
    }
}

extension ReaderResult {
    /// Whether the context answers the question, as BERT's SQuAD 2.0 prediction decides:
    /// not when null score − best span score > `nullThreshold` (HF's
    /// `null_score_diff_threshold`, 0 by default), nor when there is no span at all.
    public func answerFound(nullThreshold: Float) -> Bool {
        guard let best = answers.first else { return false }
        return !(nullScore - best.score > nullThreshold)
    }
}
