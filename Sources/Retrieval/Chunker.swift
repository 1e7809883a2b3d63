/// How documents are cut into passages.
public struct ChunkingOptions: Sendable, Equatable {
    /// No passage has more words than this.
    public var maxWords = 220
    /// Sentences repeated at the start of the next passage when a paragraph is cut.
    public var overlapSentences = 1
    /// Short paragraphs (headings, one-liners) are joined with what follows until a passage
    /// has at least this many words; paragraphs of normal length stay passages of their own.
    public var minWords = 60
    /// No passage has more Unicode scalars than this. The default, 9 characters per allowed
    /// word (at least 2,000), is well above prose's 5–7, so prose is still cut by words.
    public var maxCharacters: Int
    /// No passage has more reader tokens than this, as `TokenEstimate` counts them. Text
    /// without spaces — a base64 blob, minified JSON — is one "word" that SentencePiece cuts
    /// into a token per 1.5 characters (measured: 2,000 characters of base64, 1,344 tokens),
    /// where a 200 KB blob used to be one passage that took minutes to read. The default, twice
    /// the words (at least 400), keeps a passage of prose (~1.2 tokens a word) whole.
    public var maxTokens: Int

    public init(maxWords: Int = 220, overlapSentences: Int = 1, minWords: Int = 60, maxCharacters: Int? = nil, maxTokens: Int? = nil) {
        self.maxWords = max(1, maxWords)
        self.overlapSentences = max(0, overlapSentences)
        self.minWords = min(max(0, minWords), self.maxWords)
        self.maxCharacters = max(16, maxCharacters ?? max(2_000, 9 * self.maxWords))
        self.maxTokens = max(8, maxTokens ?? max(400, 2 * self.maxWords))
    }

    /// Identifies the settings in an index, which is rebuilt when they change.
    var key: String { "\(maxWords)/\(overlapSentences)/\(minWords)/\(maxCharacters)/\(maxTokens)" }
}

/// A cheap estimate of how many SentencePiece tokens a word becomes, without the tokenizer
/// (Retrieval comes before Albert): a token starts at every change between lower-case letters,
/// capitals, digits and other characters (a capital followed by lower case is one word), at
/// every other character (punctuation, symbols, CJK), and every 8 characters within a run.
/// Calibrated on the default model's vocabulary: prose ~1.2 per word; 2,000 characters of
/// base64 estimated 1,290 for 1,344 real.
struct TokenEstimate {
    private enum Kind { case lower, upper, digit, other }
    private var previous: Kind?
    private var runLength = 0

    /// Resets at a word boundary.
    mutating func startWord() {
        previous = nil
        runLength = 0
    }

    /// Adds a scalar; returns 1 when it starts a new token.
    @inline(__always)
    mutating func add(_ c: Unicode.Scalar) -> Int {
        let kind: Kind
        let value = c.value
        if value < 0x80 {
            // ASCII without Unicode property lookups: they made indexing twice as slow.
            kind = value >= 0x61 && value <= 0x7A ? .lower : value >= 0x41 && value <= 0x5A ? .upper
                : value >= 0x30 && value <= 0x39 ? .digit : .other
        } else {
            if Chunker.continuesPrevious(c) { return 0 }
            let properties = c.properties
            kind = properties.isLowercase ? .lower : properties.isUppercase ? .upper : properties.numericType != nil ? .digit : .other
        }
        defer { previous = kind }
        if let previous, kind != .other, kind == previous || (kind == .lower && previous == .upper && runLength == 1) {
            runLength += 1
            return runLength % 8 == 1 ? 1 : 0
        }
        runLength = 1
        return 1
    }

    static func count(_ s: [Unicode.Scalar], _ range: Range<Int>) -> Int {
        var estimate = TokenEstimate()
        var tokens = 0
        for i in range {
            if Chunker.isSpace(s[i]) { estimate.startWord() } else { tokens += estimate.add(s[i]) }
        }
        return tokens
    }
}

/// Cuts text into passages at paragraph boundaries, then sentence boundaries, then (for
/// sentences longer than a passage) word boundaries, then (for words longer than a passage)
/// characters. Every passage has at most `maxWords` words, `maxCharacters` scalars and
/// `maxTokens` estimated tokens. Ranges are Unicode-scalar offsets into the text, trimmed of
/// surrounding whitespace; `text[range]` is the passage, always.
public enum Chunker {
    struct Unit {
        var range: Range<Int>
        var words: Int
        var tokens: Int
    }

    public static func chunk(_ text: String, options: ChunkingOptions = .init()) -> [Range<Int>] {
        let scalars = Array(text.unicodeScalars)
        var passages: [Range<Int>] = []
        var pending: [Unit] = []  // whole short paragraphs waiting to be joined
        var pendingWords = 0
        var pendingTokens = 0

        func flushPending() {
            if let first = pending.first, let last = pending.last {
                passages.append(first.range.lowerBound..<last.range.upperBound)
            }
            pending = []
            pendingWords = 0
            pendingTokens = 0
        }

        for paragraph in paragraphs(scalars) {
            let sentences = sentenceUnits(scalars, paragraph, options)
            let whole = Unit(range: paragraph, words: sentences.reduce(0) { $0 + $1.words }, tokens: sentences.reduce(0) { $0 + $1.tokens })
            if whole.words <= options.maxWords, whole.tokens <= options.maxTokens, paragraph.count <= options.maxCharacters {
                if pendingWords >= options.minWords || !fits(pending, words: pendingWords, tokens: pendingTokens, adding: whole, options) {
                    flushPending()
                }
                pending.append(whole)
                pendingWords += whole.words
                pendingTokens += whole.tokens
                continue
            }
            flushPending()
            packSentences(sentences, options, into: &passages)
        }
        flushPending()
        return passages
    }

    /// The sentences of a text (its lines, each cut where `nextSentenceStart` says a sentence
    /// ends; a sentence longer than a passage in windows of words), as scalar ranges: what
    /// `SentenceEvidence` scores one at a time.
    public static func sentences(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        for (i, c) in scalars.enumerated() where c == "\n" {
            if i > start { lines.append(start..<i) }
            start = i + 1
        }
        if scalars.count > start { lines.append(start..<scalars.count) }
        return lines.flatMap { sentenceUnits(scalars, $0, ChunkingOptions()).map(\.range) }
    }

    /// Whether `units` followed by `next` fit one passage.
    static func fits(_ units: [Unit], words: Int, tokens: Int, adding next: Unit, _ options: ChunkingOptions) -> Bool {
        guard let first = units.first else { return true }
        return words + next.words <= options.maxWords && tokens + next.tokens <= options.maxTokens
            && next.range.upperBound - first.range.lowerBound <= options.maxCharacters
    }

    /// A long paragraph's passages: its sentences packed, the last `overlapSentences` of each
    /// passage repeated at the start of the next.
    static func packSentences(_ sentences: [Unit], _ options: ChunkingOptions, into passages: inout [Range<Int>]) {
        var current: [Unit] = []
        var currentWords = 0
        var currentTokens = 0
        for sentence in sentences {
            if !current.isEmpty, !fits(current, words: currentWords, tokens: currentTokens, adding: sentence, options) {
                passages.append(current.first!.range.lowerBound..<current.last!.range.upperBound)
                var overlap = Array(current.suffix(options.overlapSentences))
                while !overlap.isEmpty,
                      !fits(overlap, words: overlap.reduce(0) { $0 + $1.words }, tokens: overlap.reduce(0) { $0 + $1.tokens }, adding: sentence, options) {
                    overlap.removeFirst()
                }
                current = overlap
                currentWords = overlap.reduce(0) { $0 + $1.words }
                currentTokens = overlap.reduce(0) { $0 + $1.tokens }
            }
            current.append(sentence)
            currentWords += sentence.words
            currentTokens += sentence.tokens
        }
        if !current.isEmpty { passages.append(current.first!.range.lowerBound..<current.last!.range.upperBound) }
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

    /// Sentences of a paragraph (and word windows of over-long sentences, and pieces of
    /// over-long words), with word and token counts; each unit fits a passage.
    static func sentenceUnits(_ s: [Unicode.Scalar], _ paragraph: Range<Int>, _ options: ChunkingOptions) -> [Unit] {
        let (maxWords, maxCharacters, maxTokens) = (options.maxWords, options.maxCharacters, options.maxTokens)
        var units: [Unit] = []
        var sentenceStart = paragraph.lowerBound
        var words = 0
        var wordStarts: [Int] = []
        var wordEnds: [Int] = []
        var wordTokens: [Int] = []
        var inWord = false
        var estimate = TokenEstimate()
        var currentWordTokens = 0
        var i = paragraph.lowerBound

        func closeSentence(at end: Int) {
            guard words > 0 else { return }
            let tokens = wordTokens.reduce(0, +)
            if words <= maxWords, tokens <= maxTokens, end - sentenceStart <= maxCharacters {
                units.append(Unit(range: sentenceStart..<end, words: words, tokens: tokens))
            } else {
                appendWordWindows(s, starts: wordStarts, ends: wordEnds, tokens: wordTokens, options, to: &units)
            }
            words = 0
            wordStarts.removeAll(keepingCapacity: true)
            wordEnds.removeAll(keepingCapacity: true)
            wordTokens.removeAll(keepingCapacity: true)
        }

        while i < paragraph.upperBound {
            let c = s[i]
            if isSpace(c) {
                if inWord {
                    inWord = false
                    wordEnds.append(i)
                    wordTokens.append(currentWordTokens)
                    if let next = nextSentenceStart(s, wordEnd: i, sentenceStart: sentenceStart, paragraph: paragraph) {
                        closeSentence(at: i)
                        sentenceStart = next
                    }
                }
            } else {
                if !inWord {
                    inWord = true
                    if words == 0 { sentenceStart = i }
                    words += 1
                    wordStarts.append(i)
                    currentWordTokens = 0
                    estimate.startWord()
                }
                currentWordTokens += estimate.add(c)
            }
            i += 1
        }
        if inWord {
            wordEnds.append(paragraph.upperBound)
            wordTokens.append(currentWordTokens)
        }
        closeSentence(at: paragraph.upperBound)
        return units
    }

    /// Where the next sentence starts when the word ending at `wordEnd` ends one: the word
    /// ends in . ! ? (maybe followed by closing quotes or brackets) and the next word does not
    /// start in lower case.
    static func nextSentenceStart(_ s: [Unicode.Scalar], wordEnd: Int, sentenceStart: Int, paragraph: Range<Int>) -> Int? {
        var k = wordEnd - 1
        while k > sentenceStart, "\"')]’”»".unicodeScalars.contains(s[k]) { k -= 1 }
        guard ".!?…".unicodeScalars.contains(s[k]) else { return nil }
        var next = wordEnd
        while next < paragraph.upperBound, isSpace(s[next]) { next += 1 }
        guard next < paragraph.upperBound, !s[next].properties.isLowercase else { return nil }
        return next
    }

    /// A sentence too long for a passage as windows of whole words, within every bound; a word
    /// too long for a passage alone is cut into pieces.
    static func appendWordWindows(_ s: [Unicode.Scalar], starts wordStarts: [Int], ends wordEnds: [Int], tokens wordTokens: [Int],
                                  _ options: ChunkingOptions, to units: inout [Unit]) {
        let (maxWords, maxCharacters, maxTokens) = (options.maxWords, options.maxCharacters, options.maxTokens)
        let words = wordStarts.count
        var w = 0
        while w < words {
            if wordEnds[w] - wordStarts[w] > maxCharacters || wordTokens[w] > maxTokens {
                units += pieces(s, wordStarts[w]..<wordEnds[w], maxCharacters: maxCharacters, maxTokens: maxTokens)
                w += 1
                continue
            }
            var last = w
            var windowTokens = wordTokens[w]
            while last + 1 < words, last + 1 - w < maxWords, wordEnds[last + 1] - wordStarts[w] <= maxCharacters,
                  windowTokens + wordTokens[last + 1] <= maxTokens {
                last += 1
                windowTokens += wordTokens[last]
            }
            units.append(Unit(range: wordStarts[w]..<wordEnds[last], words: last - w + 1, tokens: windowTokens))
            w = last + 1
        }
    }

    /// A word too long for a passage, cut into pieces of at most `maxCharacters` scalars and
    /// `maxTokens` estimated tokens, never just before a combining mark, joiner or variation
    /// selector (which belong to the scalar before them) unless a piece would otherwise be empty.
    static func pieces(_ s: [Unicode.Scalar], _ word: Range<Int>, maxCharacters: Int, maxTokens: Int) -> [Unit] {
        var units: [Unit] = []
        var start = word.lowerBound
        var estimate = TokenEstimate()
        while start < word.upperBound {
            var end = start
            var tokens = 0
            while end < word.upperBound, end - start < maxCharacters {
                var probe = estimate
                let added = probe.add(s[end])
                if tokens + added > maxTokens { break }
                estimate = probe
                tokens += added
                end += 1
            }
            if end < word.upperBound {
                var cut = end
                while cut > start + 1, continuesPrevious(s[cut]) { cut -= 1 }
                if cut > start + 1 || !continuesPrevious(s[cut]) { end = cut }
            }
            end = max(end, start + 1)
            units.append(Unit(range: start..<end, words: 1, tokens: TokenEstimate.count(s, start..<end)))
            // The next piece's estimate starts where this one was cut.
            estimate = TokenEstimate()
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
