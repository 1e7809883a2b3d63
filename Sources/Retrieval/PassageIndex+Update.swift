import Documents
import Foundation

/// Bringing the index up to date with the folder.
extension PassageIndex {
    /// What an update does when another process is writing this index.
    public enum WhenBusy: Sendable {
        /// Wait for it (polling `isCancelled`): `albertqa index`, the TUI.
        case wait
        /// Leave the update to it and use the index as it is (`search`, `ask`): the report says so.
        case useAsIs
    }

    /// Brings the index up to date with the folder: new and changed files are (re)loaded and
    /// chunked, deleted ones removed; files whose size and mtime are unchanged are not read, nor
    /// are files skipped before for their content. Holds the writer lock throughout.
    public func update(progress: ((IndexProgress) -> Void)? = nil, isCancelled: () -> Bool = { false },
                       whenBusy: WhenBusy = .wait) throws -> IndexReport {
        var report = IndexReport()
        let ran = try withWriterLock(wait: whenBusy == .wait, isCancelled: isCancelled) {
            // Another process may have rebuilt the index with other settings since it was opened.
            if let reason = try validate() { try rebuild(because: reason) }
            do {
                report = try performUpdate(progress: progress, isCancelled: isCancelled)
            } catch let error as RetrievalError where error.isCorruption {
                // Damaged while open (SQLite: "database disk image is malformed"): it is ours,
                // so it is emptied in place and indexed again, once.
                try rebuild(because: error.damageReason)
                report = try performUpdate(progress: progress, isCancelled: isCancelled)
            }
        }
        if !ran {
            report.cancelled = isCancelled()
            report.leftToAnotherWriter = !report.cancelled
            (report.documents, report.passages) = try counts()
        }
        report.rebuiltBecause = rebuiltBecause
        return report
    }

    /// A file's documents in the index: one, or an mbox's messages (which share the file's
    /// size, mtime and hash).
    struct KnownDocument {
        var ids: [Int64]
        var size: Int
        var mtime: Double
        var hash: String
    }

    struct RememberedSkip {
        var size: Int
        var mtime: Double
        var reason: SkipReason
        var detail: String?
    }

    /// Skips that depend only on a file's content (and so hold until it changes), or that
    /// cost a tool run to find again: remembered, and listed by every later update without
    /// reading the file (`stillHolds`). The others are found again each time at no real cost
    /// and so are listed each time too: a file too large is known from its size, a missing
    /// tool from PATH, an unsupported format from its name; an unreadable file may become
    /// readable without changing.
    static func isRemembered(_ reason: SkipReason) -> Bool {
        switch reason {
        case .binary, .empty, .encrypted, .timeout, .needsOCR: return true
        case .unsupportedFormat, .unreadable, .tooLarge, .toolMissing: return false
        }
    }

    /// A remembered skip of an unchanged file still holds, unless what caused it changed: OCR
    /// was installed since (`needs_ocr`), or the time limit was raised (`timeout`).
    func stillHolds(_ skip: RememberedSkip) -> Bool {
        switch skip.reason {
        case .needsOCR: return !ExternalTool.tesseract.isInstalled
        case .timeout: return (DocumentLoader.timeoutSeconds(inDetail: skip.detail) ?? 0) >= toolSeconds
        default: return true
        }
    }

    private func performUpdate(progress: ((IndexProgress) -> Void)?, isCancelled: () -> Bool) throws -> IndexReport {
        let started = Date()
        var report = IndexReport()
        let excluded = Set(IndexFile.companions(of: path).map(FileSystemPath.init))
        let walk = try FolderWalker.walk(FileSystemPath(folder.path), excluding: excluded, sourceCode: readsSourceCode)
        report.skipped = walk.skipped

        let known = try knownDocuments()
        let remembered = try rememberedSkips()
        let seen = Set(walk.files.map(\.relativePathBytes))
        let readAgain = try extractionChanged()
        let toLoad = filesToRead(walk.files, known: known, remembered: remembered, readAgain: readAgain, report: &report)
        let statements = try Statements(database)
        let cancelled = try readAndStore(toLoad, filesTotal: walk.files.count, known: known, remembered: remembered, statements,
                                         started: started, report: &report, progress: progress, isCancelled: isCancelled)
        report.cancelled = cancelled
        if !cancelled {
            try removeGone(known: known, remembered: remembered, seen: seen, readAgain: readAgain, statements, report: &report)
            if report.added + report.updated + report.removed > 0 {
                // Merging the FTS segments is an optimisation, but a damaged index must surface.
                do {
                    try database.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
                } catch let error as RetrievalError where error.isCorruption {
                    throw error
                } catch {}
            }
        }
        try listStoredRemarks(in: &report)
        (report.documents, report.passages) = try counts()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// The remarks on every indexed document — invalid UTF-8 replaced, a charset guessed, a file
    /// read in part — not only on those read by this run: stored with the document, so that a
    /// later `index --json` and the interface's `=` still list them (a remark was said once, on
    /// the run that read the file, and then never again).
    private func listStoredRemarks(in report: inout IndexReport) throws {
        let statement = try database.prepare("SELECT name, lossy, redecoded, notes FROM documents WHERE lossy != 0 OR redecoded IS NOT NULL OR notes != '' ORDER BY name")
        report.lossy = []
        report.redecoded = []
        report.notes = []
        while try statement.step() {
            let path = String(decoding: statement.blob(0), as: UTF8.self)
            if statement.int(1) != 0 { report.lossy.append(path) }
            if !statement.isNull(2) { report.redecoded.append(RedecodedFile(relativePath: path, charset: statement.text(2))) }
            report.notes += statement.text(3).split(separator: "\n").map { DocumentNote(path: path, note: String($0)) }
        }
    }

    /// The indexed documents by the relative path of their file.
    private func knownDocuments() throws -> [[UInt8]: KnownDocument] {
        var known: [[UInt8]: KnownDocument] = [:]
        let list = try database.prepare("SELECT id, path, size, mtime, hash FROM documents ORDER BY path, message")
        while try list.step() {
            let path = list.blob(1)
            if known[path] != nil {
                known[path]!.ids.append(list.int(0))
            } else {
                known[path] = KnownDocument(ids: [list.int(0)], size: Int(list.int(2)), mtime: list.double(3), hash: list.text(4))
            }
        }
        return known
    }

    /// The remembered skips (`isRemembered`) by relative path.
    private func rememberedSkips() throws -> [[UInt8]: RememberedSkip] {
        var remembered: [[UInt8]: RememberedSkip] = [:]
        let skips = try database.prepare("SELECT path, size, mtime, reason, detail FROM skipped_files")
        while try skips.step() {
            guard let reason = SkipReason(rawValue: skips.text(3)) else { continue }
            remembered[skips.blob(0)] = RememberedSkip(size: Int(skips.int(1)), mtime: skips.double(2), reason: reason,
                                                       detail: skips.isNull(4) ? nil : skips.text(4))
        }
        return remembered
    }

    /// The index was made by another version of the loader (or says not which): every file
    /// is read again.
    private func extractionChanged() throws -> Bool {
        let extraction = try database.prepare("SELECT value FROM meta WHERE key = 'extraction'")
        return try extraction.step() ? extraction.text(0) != DocumentLoader.extractionVersion : true
    }

    /// Only new files and files whose size or mtime changed are read; all of them when the
    /// index was made by another version of the loader (a Latin-1 file once read with U+FFFD,
    /// a UTF-16 one once skipped as binary, reads right now). The others are counted unchanged,
    /// or listed as skipped again, in `report`.
    private func filesToRead(_ files: [DocumentFile], known: [[UInt8]: KnownDocument], remembered: [[UInt8]: RememberedSkip],
                             readAgain: Bool, report: inout IndexReport) -> [DocumentFile] {
        var toLoad: [DocumentFile] = []
        for file in files {
            if !readAgain, let previous = known[file.relativePathBytes], previous.size == file.size, previous.mtime == file.modified {
                report.unchanged += 1
            } else if !readAgain, let skip = remembered[file.relativePathBytes], skip.size == file.size, skip.mtime == file.modified, stillHolds(skip) {
                report.skipped.append(SkippedFile(relativePath: file.relativePath, reason: skip.reason, detail: skip.detail))
            } else {
                toLoad.append(file)
            }
        }
        return toLoad
    }

    /// Reads, chunks and stores `toLoad` in transactions of `batchFiles` files or `batchBytes`
    /// bytes, reporting progress. Returns whether it was cancelled.
    private func readAndStore(_ toLoad: [DocumentFile], filesTotal: Int, known: [[UInt8]: KnownDocument],
                              remembered: [[UInt8]: RememberedSkip], _ statements: Statements, started: Date,
                              report: inout IndexReport, progress: ((IndexProgress) -> Void)?,
                              isCancelled: () -> Bool) throws -> Bool {
        // Reading, decoding and chunking run one document ahead on another core while this
        // thread writes to SQLite.
        let pipeline = PreparationPipeline(files: toLoad, previousHashes: toLoad.map { known[$0.relativePathBytes]?.hash },
                                           chunking: chunking, maxFileBytes: maxFileBytes,
                                           tools: ToolSettings(seconds: toolSeconds))
        var done = filesTotal - toLoad.count
        var cancelled = false
        // While a slow file is read (OCR), progress says what it waits for.
        func waiting(_ activity: String) {
            progress?(IndexProgress(filesDone: done, filesTotal: filesTotal, bytesDone: report.bytesRead,
                                    seconds: Date().timeIntervalSince(started), activity: activity))
        }
        while !cancelled, let firstInBatch = pipeline.next(isCancelled: isCancelled, waiting: waiting) {
            var prepared: PreparedDocument? = firstInBatch
            var filesInBatch = 0
            var bytesInBatch = 0
            try database.transaction {
                while let document = prepared {
                    if isCancelled() {
                        cancelled = true
                        return
                    }
                    let key = document.file.relativePathBytes
                    try store(document, known: known[key], wasRemembered: remembered[key] != nil, statements, &report)
                    done += 1
                    filesInBatch += 1
                    bytesInBatch += document.file.size
                    progress?(IndexProgress(filesDone: done, filesTotal: filesTotal, bytesDone: report.bytesRead,
                                            seconds: Date().timeIntervalSince(started)))
                    if filesInBatch >= batchFiles || bytesInBatch >= batchBytes { return }
                    prepared = pipeline.next(isCancelled: isCancelled, waiting: waiting)
                }
            }
        }
        pipeline.cancelAndWait()
        // The pipeline stops early, without a document, when told to while a tool ran.
        if !cancelled, done < filesTotal, isCancelled() { cancelled = true }
        return cancelled
    }

    /// Files that are gone leave the index (and its remembered skips); a read-again index
    /// records the loader's version.
    private func removeGone(known: [[UInt8]: KnownDocument], remembered: [[UInt8]: RememberedSkip], seen: Set<[UInt8]>,
                            readAgain: Bool, _ statements: Statements, report: inout IndexReport) throws {
        try database.transaction {
            for (path, document) in known where !seen.contains(path) {
                for id in document.ids { try removeDocument(id, statements) }
                report.removed += document.ids.count
            }
            for path in remembered.keys where !seen.contains(path) {
                try statements.forgetSkip.run([.blob(path)])
            }
            if readAgain {
                try database.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('extraction', ?1)").run([.text(DocumentLoader.extractionVersion)])
            }
        }
    }

    /// Writes one prepared document (or drops a known one that can no longer be read).
    private func store(_ document: PreparedDocument, known previous: KnownDocument?, wasRemembered: Bool,
                       _ statements: Statements, _ report: inout IndexReport) throws {
        let file = document.file
        let key = SQLiteValue.blob(file.relativePathBytes)
        if document.sameBytesAsStored, let previous {
            // Touched, same bytes (an OCR'd file): remember the new mtime, keep the passages.
            for id in previous.ids { try statements.touchDocument.run([.integer(id), .integer(Int64(file.size)), .real(file.modified)]) }
            report.unchanged += 1
            return
        }
        if !document.messages.isEmpty {
            try storeMailbox(document, known: previous, wasRemembered: wasRemembered, statements, &report)
            return
        }
        guard document.text != nil else {
            if let skip = document.skipped {
                report.skipped.append(skip)
                if Self.isRemembered(skip.reason) {
                    try statements.rememberSkip.run([key, .integer(Int64(file.size)), .real(file.modified), .text(skip.reason.rawValue),
                                                     skip.detail.map(SQLiteValue.text) ?? .null])
                } else if wasRemembered {
                    try statements.forgetSkip.run([key])
                }
            }
            if let previous {
                for id in previous.ids { try removeDocument(id, statements) }
                report.removed += previous.ids.count
            }
            return
        }
        if wasRemembered { try statements.forgetSkip.run([key]) }
        report.bytesRead += file.size
        // Remarks are stored with the document and listed from there (`listStoredRemarks`).
        let notes = document.notes.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
        if let previous, previous.hash == document.hash, previous.ids.count == 1 {
            // Touched without change: remember the new mtime, keep the passages. The same text
            // may have come from other bytes (a Windows-1252 file saved again as UTF-8): the
            // remarks are this reading's.
            try statements.touchDocument.run([.integer(previous.ids[0]), .integer(Int64(file.size)), .real(file.modified)])
            try statements.updateRemarks.run([.integer(previous.ids[0]), .integer(document.lossy ? 1 : 0),
                                              document.redecodedAs.map(SQLiteValue.text) ?? .null, .text(notes)])
            report.unchanged += 1
            return
        }
        if let previous { for id in previous.ids { try removeDocument(id, statements) } }
        try insert(document, hash: document.hash, statements)
        if previous == nil { report.added += 1 } else { report.updated += 1 }
    }

    /// Writes an mbox's messages, a document each: all of them replace all those stored for
    /// the file when its hash (over every message) changed; none is written when it did not.
    private func storeMailbox(_ mailbox: PreparedDocument, known previous: KnownDocument?, wasRemembered: Bool,
                              _ statements: Statements, _ report: inout IndexReport) throws {
        let file = mailbox.file
        if wasRemembered { try statements.forgetSkip.run([.blob(file.relativePathBytes)]) }
        report.bytesRead += file.size
        if let previous, previous.hash == mailbox.hash, previous.ids.count == mailbox.messages.count {
            for id in previous.ids { try statements.touchDocument.run([.integer(id), .integer(Int64(file.size)), .real(file.modified)]) }
            report.unchanged += 1
            return
        }
        if let previous { for id in previous.ids { try removeDocument(id, statements) } }
        for message in mailbox.messages { try insert(message, hash: mailbox.hash, statements) }
        // Counted in documents, as `documents` is: a message is one.
        if previous == nil { report.added += mailbox.messages.count } else { report.updated += mailbox.messages.count }
    }

    /// Inserts one document (a file, or a message of an mbox) with its table rows and passages.
    private func insert(_ document: PreparedDocument, hash: String, _ statements: Statements) throws {
        let file = document.file
        let notes = document.notes.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
        try statements.insertDocument.run([.blob(file.relativePathBytes), .integer(Int64(document.message ?? 0)), .blob(document.name),
                                           .integer(Int64(file.size)), .real(file.modified),
                                           .text(hash), .text(file.format.rawValue), .integer(document.lossy ? 1 : 0), .text(document.text ?? ""),
                                           .text(document.title), document.redecodedAs.map(SQLiteValue.text) ?? .null, .text(notes)])
        let documentID = database.lastInsertID
        // Rows are disjoint paragraphs in text order (every reader appends them so); one that
        // is not would break `tableRows(ofPassage:)`'s lower bound, so it is not stored.
        var rowsEnd = 0
        for row in document.tableRows.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where row.range.lowerBound >= rowsEnd {
            rowsEnd = row.range.upperBound
            try statements.insertTableRow.run([.integer(documentID), .integer(Int64(row.range.lowerBound)), .integer(Int64(row.range.upperBound)),
                                               .text(row.storedTable), .integer(Int64(row.row)), .text(row.storedCells)])
        }
        for passage in document.passages {
            try statements.insertPassage.run([.integer(documentID), .integer(Int64(passage.range.lowerBound)), .integer(Int64(passage.range.upperBound)),
                                              .text(passage.section)])
            try statements.indexPassage.run([.integer(database.lastInsertID), .text(document.title), .text(passage.section), .text(passage.text)])
        }
    }

    /// Removes a document, its passages and their index entries. A contentless FTS5 table
    /// forgets a row only when given exactly the text it indexed: the document's text is read
    /// once and sliced by the same `ScalarText` that made the passages when they were stored
    /// (one pass, where `substr` per passage rescanned the text from its start each time).
    private func removeDocument(_ id: Int64, _ statements: Statements) throws {
        try statements.documentText.bind([.integer(id)])
        let found = try statements.documentText.step()
        let text = found ? statements.documentText.text(0) : ""
        let title = found ? statements.documentText.text(1) : ""
        let slicer = ScalarText(text)
        try statements.passagesOfDocument.bind([.integer(id)])
        var rows: [(Int64, Range<Int>, String)] = []
        while try statements.passagesOfDocument.step() {
            let start = Int(statements.passagesOfDocument.int(1)), end = Int(statements.passagesOfDocument.int(2))
            rows.append((statements.passagesOfDocument.int(0), start..<max(start, end), statements.passagesOfDocument.text(3)))
        }
        for (passageID, range, section) in rows {
            try statements.unindexPassage.run([.integer(passageID), .text(title), .text(section), .text(slicer[range])])
        }
        try statements.deletePassages.run([.integer(id)])
        try statements.deleteTableRows.run([.integer(id)])
        try statements.deleteDocument.run([.integer(id)])
    }

    /// The statements an update runs many times, prepared once.
    struct Statements {
        let insertDocument, insertPassage, indexPassage, unindexPassage: SQLiteDatabase.Statement
        let documentText, passagesOfDocument, deletePassages, deleteDocument, touchDocument: SQLiteDatabase.Statement
        let rememberSkip, forgetSkip: SQLiteDatabase.Statement
        let insertTableRow, deleteTableRows, updateRemarks: SQLiteDatabase.Statement

        init(_ database: SQLiteDatabase) throws {
            insertDocument = try database.prepare(
                "INSERT INTO documents (path, message, name, size, mtime, hash, format, lossy, text, title, redecoded, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
            insertPassage = try database.prepare("INSERT INTO passages (document_id, start, end, section) VALUES (?1, ?2, ?3, ?4)")
            indexPassage = try database.prepare("INSERT INTO passages_fts (rowid, title, section, text) VALUES (?1, ?2, ?3, ?4)")
            unindexPassage = try database.prepare("INSERT INTO passages_fts (passages_fts, rowid, title, section, text) VALUES ('delete', ?1, ?2, ?3, ?4)")
            documentText = try database.prepare("SELECT text, title FROM documents WHERE id = ?1")
            passagesOfDocument = try database.prepare("SELECT id, start, end, section FROM passages WHERE document_id = ?1")
            deletePassages = try database.prepare("DELETE FROM passages WHERE document_id = ?1")
            deleteDocument = try database.prepare("DELETE FROM documents WHERE id = ?1")
            touchDocument = try database.prepare("UPDATE documents SET size = ?2, mtime = ?3 WHERE id = ?1")
            rememberSkip = try database.prepare("INSERT OR REPLACE INTO skipped_files (path, size, mtime, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5)")
            forgetSkip = try database.prepare("DELETE FROM skipped_files WHERE path = ?1")
            insertTableRow = try database.prepare("INSERT INTO table_rows (document_id, start, end, place, row, cells) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            deleteTableRows = try database.prepare("DELETE FROM table_rows WHERE document_id = ?1")
            updateRemarks = try database.prepare("UPDATE documents SET lossy = ?2, redecoded = ?3, notes = ?4 WHERE id = ?1")
        }
    }
}
