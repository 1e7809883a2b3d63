/// How documents are cut into passages.
public struct ChunkingOptions: Sendable, Equatable {
    /// No passage has more words than this.
    public var maxWords = 220
    /// Sentences repeated at the start of the next passage when a paragraph is cut.
    public var overlapSentences = 1
    /// Short paragraphs (headings, one-liners) are joined with what follows until a passage
    /// has at least this many words; paragraphs of normal length stay passages of their own.
    public var minWords = 60

    public init(maxWords: Int = 220, overlapSentences: Int = 1, minWords: Int = 60) {
        self.maxWords = max(1, maxWords)
        self.overlapSentences = max(0, overlapSentences)
        self.minWords = min(max(0, minWords), self.maxWords)
    }

    /// Identifies the settings in an index, which is rebuilt when they change.
    var key: String { "\(maxWords)/\(overlapSentences)/\(minWords)" }
}

/// Cuts text into passages at paragraph boundaries, then sentence boundaries, then (for
/// sentences longer than a passage) word boundaries. Ranges are Unicode-scalar offsets into
/// the text, trimmed of surrounding whitespace; `text[range]` is the passage, always.
public enum Chunker {
    struct Unit {
        var range: Range<Int>
        var words: Int
    }

    public static func chunk(_ text: String, options: ChunkingOptions = .init()) -> [Range<Int>] {
        let scalars = Array(text.unicodeScalars)
        var passages: [Range<Int>] = []
        var pending: [Unit] = []  // whole short paragraphs waiting to be joined
        var pendingWords = 0

        func flushPending() {
            if let first = pending.first, let last = pending.last {
                passages.append(first.range.lowerBound..<last.range.upperBound)
            }
            pending = []
            pendingWords = 0
        }

        for paragraph in paragraphs(scalars) {
            let sentences = sentenceUnits(scalars, paragraph, maxWords: options.maxWords)
            let words = sentences.reduce(0) { $0 + $1.words }
            if words <= options.maxWords {
                if pendingWords + words > options.maxWords || pendingWords >= options.minWords { flushPending() }
                pending.append(Unit(range: paragraph, words: words))
                pendingWords += words
                continue
            }
            flushPending()
            // A long paragraph: pack sentences, repeating the last `overlapSentences` of each
            // passage at the start of the next.
            var current: [Unit] = []
            var currentWords = 0
            for sentence in sentences {
                if currentWords + sentence.words > options.maxWords, !current.isEmpty {
                    passages.append(current.first!.range.lowerBound..<current.last!.range.upperBound)
                    var overlap = Array(current.suffix(options.overlapSentences))
                    while !overlap.isEmpty, overlap.reduce(0, { $0 + $1.words }) + sentence.words > options.maxWords {
                        overlap.removeFirst()
                    }
                    current = overlap
                    currentWords = overlap.reduce(0) { $0 + $1.words }
                }
                current.append(sentence)
                currentWords += sentence.words
            }
            if !current.isEmpty { passages.append(current.first!.range.lowerBound..<current.last!.range.upperBound) }
        }
        flushPending()
        return passages
    }

    /// Paragraphs: separated by a line that is empty or only whitespace; trimmed.
    static func paragraphs(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        var lastNonSpace = 0
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\n" {
                // A blank line ends the paragraph.
                var j = i + 1
                while j < s.count, s[j] != "\n", isSpace(s[j]) { j += 1 }
                if j < s.count, s[j] == "\n", let begin = start {
                    result.append(begin..<lastNonSpace + 1)
                    start = nil
                }
                i += 1
                continue
            }
            if !isSpace(c) {
                if start == nil { start = i }
                lastNonSpace = i
            }
            i += 1
        }
        if let begin = start { result.append(begin..<lastNonSpace + 1) }
        return result
    }

    /// Sentences of a paragraph (and word windows of over-long sentences), with word counts.
    static func sentenceUnits(_ s: [Unicode.Scalar], _ paragraph: Range<Int>, maxWords: Int) -> [Unit] {
        var units: [Unit] = []
        var sentenceStart = paragraph.lowerBound
        var words = 0
        var wordStarts: [Int] = []
        var wordEnds: [Int] = []
        var inWord = false
        var i = paragraph.lowerBound

        func closeSentence(at end: Int) {
            guard words > 0 else { return }
            if words <= maxWords {
                units.append(Unit(range: sentenceStart..<end, words: words))
            } else {
                var w = 0
                while w < words {
                    let last = min(w + maxWords, words) - 1
                    units.append(Unit(range: wordStarts[w]..<wordEnds[last], words: last - w + 1))
                    w = last + 1
                }
            }
            words = 0
            wordStarts.removeAll(keepingCapacity: true)
            wordEnds.removeAll(keepingCapacity: true)
        }

        while i < paragraph.upperBound {
            let c = s[i]
            if isSpace(c) {
                if inWord {
                    inWord = false
                    wordEnds.append(i)
                    // Sentence end: the word ends in . ! ? (maybe followed by closing quotes or
                    // brackets) and the next word does not start in lower case.
                    var k = i - 1
                    while k > sentenceStart, "\"')]’”»".unicodeScalars.contains(s[k]) { k -= 1 }
                    if ".!?…".unicodeScalars.contains(s[k]) {
                        var next = i
                        while next < paragraph.upperBound, isSpace(s[next]) { next += 1 }
                        if next < paragraph.upperBound, !s[next].properties.isLowercase {
                            closeSentence(at: i)
                            sentenceStart = next
                        }
                    }
                }
            } else if !inWord {
                inWord = true
                if words == 0 { sentenceStart = i }
                words += 1
                wordStarts.append(i)
            }
            i += 1
        }
        if inWord { wordEnds.append(paragraph.upperBound) }
        closeSentence(at: paragraph.upperBound)
        return units
    }

    @inline(__always)
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\n" || c == "\t" || c == "\r" || (c.value >= 0x80 && c.properties.isWhitespace) || c == "\u{0B}" || c == "\u{0C}"
    }
}
