/// How documents are cut into passages.
public struct ChunkingOptions: Sendable, Equatable {
    /// No passage has more words than this.
    public var maxWords = 220
    /// Sentences repeated at the start of the next passage when a paragraph is cut.
    public var overlapSentences = 1
    /// Short paragraphs (headings, one-liners) are joined with what follows until a passage
    /// has at least this many words; paragraphs of normal length stay passages of their own.
    public var minWords = 60
    /// No passage has more Unicode scalars than this, so one has a bounded number of reader
    /// tokens too (SentencePiece makes at most about one token per character): text without
    /// spaces — a base64 blob, minified JSON, Chinese — is cut by characters, where a 200 KB
    /// blob used to be one passage that took minutes to read. The default, 9 characters per
    /// allowed word (at least 2,000), is well above prose's 5–7, so prose is still cut by words.
    public var maxCharacters: Int

    public init(maxWords: Int = 220, overlapSentences: Int = 1, minWords: Int = 60, maxCharacters: Int? = nil) {
        self.maxWords = max(1, maxWords)
        self.overlapSentences = max(0, overlapSentences)
        self.minWords = min(max(0, minWords), self.maxWords)
        self.maxCharacters = max(16, maxCharacters ?? max(2_000, 9 * self.maxWords))
    }

    /// Identifies the settings in an index, which is rebuilt when they change.
    var key: String { "\(maxWords)/\(overlapSentences)/\(minWords)/\(maxCharacters)" }
}

/// Cuts text into passages at paragraph boundaries, then sentence boundaries, then (for
/// sentences longer than a passage) word boundaries, then (for words longer than a passage)
/// characters. Every passage has at most `maxWords` words and `maxCharacters` scalars. Ranges
/// are Unicode-scalar offsets into the text, trimmed of surrounding whitespace; `text[range]`
/// is the passage, always.
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

        let maxCharacters = options.maxCharacters
        for paragraph in paragraphs(scalars) {
            let sentences = sentenceUnits(scalars, paragraph, maxWords: options.maxWords, maxCharacters: maxCharacters)
            let words = sentences.reduce(0) { $0 + $1.words }
            if words <= options.maxWords, paragraph.count <= maxCharacters {
                if pendingWords + words > options.maxWords || pendingWords >= options.minWords
                    || paragraph.upperBound - (pending.first?.range.lowerBound ?? paragraph.lowerBound) > maxCharacters {
                    flushPending()
                }
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
                if let first = current.first,
                   currentWords + sentence.words > options.maxWords || sentence.range.upperBound - first.range.lowerBound > maxCharacters {
                    passages.append(first.range.lowerBound..<current.last!.range.upperBound)
                    var overlap = Array(current.suffix(options.overlapSentences))
                    while let start = overlap.first?.range.lowerBound,
                          overlap.reduce(0, { $0 + $1.words }) + sentence.words > options.maxWords
                          || sentence.range.upperBound - start > maxCharacters {
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

    /// Sentences of a paragraph (and word windows of over-long sentences, and character pieces
    /// of over-long words), with word counts; each unit fits a passage.
    static func sentenceUnits(_ s: [Unicode.Scalar], _ paragraph: Range<Int>, maxWords: Int, maxCharacters: Int) -> [Unit] {
        var units: [Unit] = []
        var sentenceStart = paragraph.lowerBound
        var words = 0
        var wordStarts: [Int] = []
        var wordEnds: [Int] = []
        var inWord = false
        var i = paragraph.lowerBound

        func closeSentence(at end: Int) {
            guard words > 0 else { return }
            if words <= maxWords, end - sentenceStart <= maxCharacters {
                units.append(Unit(range: sentenceStart..<end, words: words))
            } else {
                // Windows of whole words, within both bounds; a word longer than a passage
                // alone is cut into pieces.
                var w = 0
                while w < words {
                    if wordEnds[w] - wordStarts[w] > maxCharacters {
                        units += pieces(s, wordStarts[w]..<wordEnds[w], maxCharacters: maxCharacters)
                        w += 1
                        continue
                    }
                    var last = w
                    while last + 1 < words, last + 1 - w < maxWords, wordEnds[last + 1] - wordStarts[w] <= maxCharacters { last += 1 }
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

    /// A word longer than a passage, cut into pieces of at most `maxCharacters` scalars, never
    /// just before a combining mark, joiner or variation selector (which belong to the scalar
    /// before them) unless a piece would otherwise be empty.
    static func pieces(_ s: [Unicode.Scalar], _ word: Range<Int>, maxCharacters: Int) -> [Unit] {
        var units: [Unit] = []
        var start = word.lowerBound
        while start < word.upperBound {
            var end = min(start + maxCharacters, word.upperBound)
            if end < word.upperBound {
                var cut = end
                while cut > start + 1, continuesPrevious(s[cut]) { cut -= 1 }
                if cut > start + 1 || !continuesPrevious(s[cut]) { end = cut }
            }
            units.append(Unit(range: start..<end, words: 1))
            start = end
        }
        return units
    }

    static func continuesPrevious(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return c == "\u{200D}" || (0xFE00...0xFE0F).contains(c.value) || (0xE0100...0xE01EF).contains(c.value)
        }
    }

    @inline(__always)
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\n" || c == "\t" || c == "\r" || (c.value >= 0x80 && c.properties.isWhitespace) || c == "\u{0B}" || c == "\u{0C}"
    }
}
