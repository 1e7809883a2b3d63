/// How a passage's text is cut for the sentence encoder: windows of at most `words` words,
/// starting every `stride` words (the last one ends with the passage), each read with the
/// document's title and the passage's section in front ("title — section. text"). A passage
/// scores the best cosine of its windows.
///
/// Why windows: all-MiniLM-L6-v2 was trained on texts of ≤ 128 word pieces; a 220-word passage
/// is about 300 pieces, so one vector either truncates it (256 pieces) or averages several
/// topics into one mean-pooled vector. Shorter windows cost about the same encoder work (fewer
/// pieces each, and attention is quadratic in length). Measured in README, "Retrieval".
public struct VectorWindows: Sendable, Equatable {
    /// Words per window; 0: the whole passage in one vector (the encoder truncates it).
    public var words: Int
    /// Words between window starts (≤ words: windows overlap by words − stride).
    public var stride: Int

    public init(words: Int, stride: Int? = nil) {
        self.words = max(0, words)
        self.stride = max(1, min(stride ?? words, max(words, 1)))
    }

    /// One vector per passage (how indexes were encoded before windows).
    public static let wholePassage = VectorWindows(words: 0)
    /// Tuned on the dev sets (README, "Retrieval").
    public static let `default` = VectorWindows(words: 96, stride: 64)

    /// Part of the stored vectors' key: vectors cut another way are recomputed.
    public var key: String { words == 0 ? "whole" : "w\(words)s\(stride)" }

    /// The encoder's inputs for one passage, at least one.
    public func inputs(title: String, section: String, text: String) -> [String] {
        let context = [title, section].filter { !$0.isEmpty }.joined(separator: " — ")
        let prefix = context.isEmpty ? "" : context + ". "
        let all = text.split(whereSeparator: { $0.isWhitespace })
        guard words > 0, all.count > words else { return [prefix + text] }
        var starts = Array(Swift.stride(from: 0, to: all.count - words, by: stride))
        starts.append(all.count - words)  // the last window ends with the passage
        return starts.map { start in prefix + all[start ..< start + words].joined(separator: " ") }
    }
}
