/// The question's stems found in each sentence, by the index's tokenizer (an in-memory FTS5
/// table and its `fts5vocab` instance view: nothing is written to the index).
struct StemMatcher {
    /// The question's stems.
    let stems: Set<String>
    /// Sentence number → the question's stems it holds (sentences holding none left out).
    let stemsBySentence: [Int: Set<String>]

    init(sentences: [String], terms: [String]) throws {
        let database = try SQLiteDatabase(inMemory: ())
        try database.execute("""
            CREATE VIRTUAL TABLE sentences USING fts5(text, tokenize = '\(PassageIndex.tokenizer)');
            CREATE VIRTUAL TABLE question USING fts5(text, tokenize = '\(PassageIndex.tokenizer)');
            CREATE VIRTUAL TABLE sentence_words USING fts5vocab(sentences, 'instance');
            CREATE VIRTUAL TABLE question_words USING fts5vocab(question, 'instance');
            """)
        try database.transaction {
            let insert = try database.prepare("INSERT INTO sentences (rowid, text) VALUES (?1, ?2)")
            for (number, sentence) in sentences.enumerated() { try insert.run([.integer(Int64(number)), .text(sentence)]) }
            let word = try database.prepare("INSERT INTO question (rowid, text) VALUES (?1, ?2)")
            for (number, term) in terms.enumerated() { try word.run([.integer(Int64(number)), .text(term)]) }
        }
        var stems = Set<String>()
        let words = try database.prepare("SELECT term FROM question_words")
        while try words.step() { stems.insert(words.text(0)) }
        var found: [Int: Set<String>] = [:]
        let matches = try database.prepare("SELECT s.term, s.doc FROM sentence_words s WHERE s.term IN (SELECT term FROM question_words)")
        while try matches.step() { found[Int(matches.int(1)), default: []].insert(matches.text(0)) }
        self.stems = stems
        stemsBySentence = found
    }
}
