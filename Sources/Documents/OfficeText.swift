import Foundation

/// Text of the ZIP + XML formats people keep in folders: Word (.docx), OpenDocument text
/// (.odt), PowerPoint (.pptx) and EPUB. Each format's XML is turned into simple HTML
/// (headings as h1–h6, paragraphs as p) and read by the HTML text path, so that entities,
/// whitespace and headings are handled in one place.
enum OfficeText {
    enum Failure: Error, Equatable {
        case unreadable(String)
        case tooLarge(String)
    }

    static func extract(_ url: URL, format: DocumentFormat, limits: ZipArchive.Limits = .init()) throws(Failure) -> StructuredText {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable("cannot open") }
        defer { close(descriptor) }
        return try extract(descriptor: descriptor, format: format, limits: limits)
    }

    static func extract(descriptor: Int32, format: DocumentFormat, limits: ZipArchive.Limits = .init()) throws(Failure) -> StructuredText {
        let url = descriptor
        do {
            switch format {
            case .docx: return try docx(url, limits)
            case .odt: return try odt(url, limits)
            case .pptx: return try pptx(url, limits)
            case .epub: return try epub(url, limits)
            case .xlsx: return try SpreadsheetText.xlsx(url, limits, maxScalars: limits.maxEntryBytes)
            case .ods: return try SpreadsheetText.ods(url, limits, maxScalars: limits.maxEntryBytes)
            default: throw Failure.unreadable("not an office format")
            }
        } catch let failure as ZipArchive.Failure {
            switch failure {
            case let .unreadable(why): throw .unreadable(why)
            case let .tooLarge(why): throw .tooLarge(why)
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .unreadable("\(error)")
        }
    }

    // MARK: Word

    static func docx(_ descriptor: Int32, _ limits: ZipArchive.Limits) throws -> StructuredText {
        let entries = try ZipArchive.read(descriptor: descriptor, limits: limits) { path in
            ["word/document.xml", "word/styles.xml", "docProps/core.xml"].contains(path) || docxPart(path) != nil
        }
        guard let body = entries["word/document.xml"] else { throw Failure.unreadable("no word/document.xml (not a Word document)") }
        let levels = entries["word/styles.xml"].map(docxHeadingStyles) ?? [:]
        var html = docxHTML(body, levels: levels)
        // Headers, footers, notes and comments: each kind a section of its own after the body
        // (one test file kept 2 of its 28 words when only the body was read). A header repeated
        // for the first page or even pages is kept once.
        for part in DocxPart.allCases {
            let paths = entries.keys.filter { docxPart($0) == part }.sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
            var seen: Set<[UInt8]> = []
            var section: [UInt8] = []
            for path in paths {
                let partHTML = docxHTML(entries[path]!, levels: [:], headingsAllowed: false)
                if !partHTML.isEmpty, seen.insert(partHTML).inserted { section += partHTML }
            }
            guard !section.isEmpty else { continue }
            appendBlock(&html, Array(part.heading.utf8), level: 1)
            html += section
        }
        let title = entries["docProps/core.xml"].flatMap { XMLScanner.firstText(of: "dc:title", in: $0) }
        return structured(html, title: title)
    }

    /// The parts of a Word document besides its body that hold text people wrote.
    enum DocxPart: CaseIterable {
        case header, footer, footnotes, endnotes, comments

        var heading: String {
            switch self {
            case .header: "Header"
            case .footer: "Footer"
            case .footnotes: "Footnotes"
            case .endnotes: "Endnotes"
            case .comments: "Comments"
            }
        }
    }

    /// word/header1.xml is a header, word/footnotes.xml the footnotes, …
    static func docxPart(_ path: String) -> DocxPart? {
        guard path.hasPrefix("word/"), path.hasSuffix(".xml"), !path.dropFirst(5).contains("/") else { return nil }
        let name = path.dropFirst(5).dropLast(4)
        if name.hasPrefix("header"), name.dropFirst(6).allSatisfy(\.isNumber) { return .header }
        if name.hasPrefix("footer"), name.dropFirst(6).allSatisfy(\.isNumber) { return .footer }
        switch name {
        case "footnotes": return .footnotes
        case "endnotes": return .endnotes
        case "comments": return .comments
        default: return nil
        }
    }

    /// WordprocessingML (a body, header, footer, notes or comments part) as simple HTML:
    /// paragraphs, headings by style, tables (`w:tbl`) as HTML tables — a row marked as a
    /// repeated header row (`w:tblHeader`) as `<th>` cells, merged cells (`w:gridSpan`) with
    /// their colspan — so `HTMLTableCollector` renders each row with its headers.
    static func docxHTML(_ xml: [UInt8], levels: [String: Int], headingsAllowed: Bool = true) -> [UInt8] {
        var reader = WordprocessingReader(levels: levels)
        XMLScanner.scan(xml) { reader.read($0, headingsAllowed: headingsAllowed) }
        appendBlock(&reader.html, reader.paragraph, level: headingsAllowed ? reader.level : nil)
        return reader.html
    }

    /// `docxHTML`'s state while a part's events go by: the HTML so far, the paragraph being
    /// read and its heading level, and the table cell whose tag waits for its span.
    struct WordprocessingReader {
        let levels: [String: Int]
        var html: [UInt8] = []
        var paragraph: [UInt8] = []
        var level: Int?
        var inParagraph = false
        var inText = false
        var rowIsHeader = false
        var cellTagPending = false
        var cellSpan = 1
        /// Vertically merged cells (`w:vMerge`): Word writes the value once, in the first row,
        /// and leaves the rows below it empty; each row gets the value again so that it keeps
        /// its meaning ("Leader: Mark" on every day Mark leads). Tracked by grid column.
        var gridColumn = 0
        var cellColumn = 0
        var cellMerge: VerticalMerge = .none
        /// Where the open cell's content starts in `html` (after its tag).
        var cellContentStart = 0
        /// The content of the cell that starts a vertical merge, by grid column.
        var mergedContent: [Int: [UInt8]] = [:]
        /// Nested tables: the outer tables' merge state, restored at their inner table's end.
        var outerTables: [(gridColumn: Int, cellColumn: Int, merge: VerticalMerge, contentStart: Int, merged: [Int: [UInt8]], span: Int, header: Bool)] = []

        enum VerticalMerge { case none, restart, `continue` }

        init(levels: [String: Int]) {
            self.levels = levels
        }

        mutating func read(_ event: XMLScanner.Event, headingsAllowed: Bool) {
            switch event {
            case let .tag(tag):
                switch tag.name {
                case "w:p":
                    if tag.isClosing || tag.isSelfClosing {
                        appendBlock(&html, paragraph, level: headingsAllowed ? level : nil)
                        paragraph = []
                        inParagraph = false
                    } else {
                        openCellTag()
                        inParagraph = true
                        level = nil
                    }
                case "w:pStyle":
                    if let style = tag.attributes["w:val"] { level = levels[style] ?? defaultDocxLevel(style) }
                case "w:outlineLvl":
                    if inParagraph, let value = tag.attributes["w:val"].flatMap(Int.init), value < 9 { level = min(value + 1, 6) }
                case "w:t": inText = !tag.isClosing && !tag.isSelfClosing
                case "w:tab", "w:br", "w:cr": if inParagraph { paragraph.append(0x20) }
                case "w:tbl", "w:tr", "w:tblHeader", "w:tc", "w:gridSpan", "w:gridBefore", "w:vMerge": readTableTag(tag)
                default: break
                }
            case let .text(run): if inText { paragraph += run }
            case let .literal(run): if inText { paragraph += HTMLText.escaped(run) }
            }
        }

        mutating func readTableTag(_ tag: XMLScanner.Tag) {
            switch tag.name {
            case "w:tbl":
                guard !tag.isSelfClosing else { return }
                openCellTag()
                html += Array((tag.isClosing ? "</table>\n" : "<table>").utf8)
                if tag.isClosing {
                    if let outer = outerTables.popLast() {
                        (gridColumn, cellColumn, cellMerge, cellContentStart, mergedContent, cellSpan, rowIsHeader) = outer
                    }
                } else {
                    if outerTables.count < HTMLTableCollector.maxDepth {
                        outerTables.append((gridColumn, cellColumn, cellMerge, cellContentStart, mergedContent, cellSpan, rowIsHeader))
                    }
                    gridColumn = 0
                    mergedContent = [:]
                }
            case "w:tr":
                guard !tag.isSelfClosing else { return }
                html += Array((tag.isClosing ? "</tr>\n" : "<tr>").utf8)
                rowIsHeader = false
                gridColumn = 0
            case "w:tblHeader":
                rowIsHeader = !["0", "false", "off"].contains(tag.attributes["w:val"] ?? "1")
            case "w:gridBefore":
                // Grid columns left empty before the row's first cell: empty cells, so that the
                // cells after them stay under their headers.
                guard let skipped = tag.attributes["w:val"].flatMap(Int.init), skipped > 0 else { return }
                let count = min(skipped, TableText.maxCellsPerRow - min(gridColumn, TableText.maxCellsPerRow))
                html += Array(String(repeating: "<td></td>", count: count).utf8)
                gridColumn += count
            case "w:tc":
                if tag.isClosing {
                    openCellTag()
                    finishMergedCell()
                    html += Array((rowIsHeader ? "</th>" : "</td>").utf8)
                    gridColumn = min(gridColumn + cellSpan, TableText.maxCellsPerRow)
                } else if !tag.isSelfClosing {
                    cellTagPending = true
                    cellSpan = 1
                    cellColumn = gridColumn
                    cellMerge = .none
                }
            case "w:gridSpan":
                if let span = tag.attributes["w:val"].flatMap(Int.init) { cellSpan = min(max(span, 1), TableText.maxCellsPerRow) }
            case "w:vMerge":
                // `w:val="restart"` starts a merge; no value (or "continue") continues the one above.
                cellMerge = tag.attributes["w:val"] == "restart" ? .restart : .continue
            default: break
            }
        }

        /// At a cell's end: a merge's first cell is remembered by its column, a continuing
        /// cell left empty gets that content again, any other cell ends the merge in its column.
        mutating func finishMergedCell() {
            let content = cellContentStart <= html.count ? Array(html[cellContentStart...]) : []
            switch cellMerge {
            case .restart:
                // Bounded like the rows: a huge merged cell is not copied down a long table.
                mergedContent[cellColumn] = content.count <= Self.maxMergedBytes ? content : nil
            case .continue:
                let blank = !content.contains { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }
                if blank, let above = mergedContent[cellColumn] {
                    html.removeSubrange(cellContentStart...)
                    html += above
                }
            case .none:
                mergedContent[cellColumn] = nil
            }
        }

        /// A merged cell's content longer than this is not repeated (a layout table's block).
        static let maxMergedBytes = 4_096

        /// A cell's tag is written at its first paragraph or table, once its span is known.
        mutating func openCellTag() {
            guard cellTagPending else { return }
            cellTagPending = false
            html += Array("<\(rowIsHeader ? "th" : "td")\(cellSpan > 1 ? " colspan=\(cellSpan)" : "")>".utf8)
            cellContentStart = html.count
        }
    }

    /// Style ids whose style is a heading ("heading 1", or an outline level), or the title.
    static func docxHeadingStyles(_ styles: [UInt8]) -> [String: Int] {
        var levels: [String: Int] = [:]
        var current: String?
        XMLScanner.scan(styles) { event in
            guard case let .tag(tag) = event else { return }
            switch tag.name {
            case "w:style":
                current = tag.isClosing ? nil : tag.attributes["w:styleId"]
            case "w:name":
                guard let id = current, let name = tag.attributes["w:val"]?.lowercased() else { return }
                if name == "title" { levels[id] = 1 }
                if name.hasPrefix("heading "), let n = Int(name.dropFirst(8)), (1...9).contains(n) { levels[id] = min(n, 6) }
            case "w:outlineLvl":
                if let id = current, let n = tag.attributes["w:val"].flatMap(Int.init), n < 9 { levels[id] = min(n + 1, 6) }
            default: break
            }
        }
        return levels
    }

    /// Without styles.xml: Word's English style ids.
    static func defaultDocxLevel(_ style: String) -> Int? {
        let lower = style.lowercased()
        if lower == "title" { return 1 }
        guard lower.hasPrefix("heading"), let n = Int(lower.dropFirst(7)), (1...9).contains(n) else { return nil }
        return min(n, 6)
    }

    // MARK: OpenDocument

    static func odt(_ descriptor: Int32, _ limits: ZipArchive.Limits) throws -> StructuredText {
        let entries = try ZipArchive.read(descriptor: descriptor, limits: limits) { $0 == "content.xml" || $0 == "meta.xml" }
        guard let content = entries["content.xml"] else { throw Failure.unreadable("no content.xml (not an OpenDocument file)") }
        let title = entries["meta.xml"].flatMap { XMLScanner.firstText(of: "dc:title", in: $0) }
        return structured(odtHTML(content), title: title)
    }

    /// A text document's content.xml as HTML: its paragraphs, headings and tables, then its
    /// notes and comments under their own headings.
    static func odtHTML(_ content: [UInt8]) -> [UInt8] {
        var reader = OpenDocumentTextReader()
        XMLScanner.scan(content) { reader.read($0) }
        var html = reader.html
        for (heading, blocks) in [("Notes", reader.notes.blocks), ("Comments", reader.comments.blocks)] where blocks.contains(where: { !$0.isEmpty }) {
            appendBlock(&html, Array(heading.utf8), level: 1)
            for block in blocks { appendBlock(&html, block, level: nil) }
        }
        return html
    }

    /// `odtHTML`'s state while content.xml's events go by.
    struct OpenDocumentTextReader {
        var html: [UInt8] = []
        var paragraph: [UInt8] = []
        var level: Int?
        var depth = 0  // paragraphs nest (frames); their text joins the outer one
        /// Footnotes and endnotes; annotations (comments).
        var notes = Aside(), comments = Aside()
        var savedParagraph: [UInt8] = []
        var inCitation = false, inAnnotationMetadata = false

        mutating func read(_ event: XMLScanner.Event) {
            switch event {
            case let .tag(tag): readTag(tag)
            case let .text(run): if depth > 0, !inCitation, !inAnnotationMetadata { paragraph += run }
            case let .literal(run): if depth > 0, !inCitation, !inAnnotationMetadata { paragraph += HTMLText.escaped(run) }
            }
        }

        mutating func readTag(_ tag: XMLScanner.Tag) {
            switch tag.name {
            case "text:p", "text:h": readParagraphTag(tag)
            case "text:s", "text:tab", "text:line-break": if depth > 0 { paragraph.append(0x20) }
            // Tables between paragraphs (a table in a frame inside a paragraph stays text).
            case "table:table", "table:table-header-rows", "table:table-row", "table:table-cell":
                guard depth == 0 else { return }
                readTableTag(tag)
            // Footnotes and endnotes: their text is kept aside (not joined into the
            // sentence that cites them) and indexed under "Notes" after the body.
            case "text:note-body":
                notes.read(tag, paragraph: &paragraph, saved: &savedParagraph)
            case "text:note-citation":
                inCitation = !tag.isClosing && !tag.isSelfClosing
            case "office:annotation":
                comments.read(tag, paragraph: &paragraph, saved: &savedParagraph)
            case "dc:creator", "dc:date":
                inAnnotationMetadata = comments.depth > 0 && !tag.isClosing && !tag.isSelfClosing
            default: break
            }
        }

        mutating func readParagraphTag(_ tag: XMLScanner.Tag) {
            if tag.isSelfClosing { return }
            if tag.isClosing {
                depth = max(0, depth - 1)
                if depth == 0 {
                    appendBlock(&html, paragraph, level: level)
                    paragraph = []
                } else {
                    paragraph.append(0x20)
                }
            } else {
                if depth == 0 {
                    level = tag.name == "text:h" ? min(max(Int(tag.attributes["text:outline-level"] ?? "1") ?? 1, 1), 6) : nil
                }
                depth += 1
            }
        }

        mutating func readTableTag(_ tag: XMLScanner.Tag) {
            let element = ["table:table": "table", "table:table-header-rows": "thead", "table:table-row": "tr", "table:table-cell": "td"][tag.name]!
            if tag.isClosing {
                html += Array("</\(element)>".utf8)
            } else if element == "td" {
                let span = min(max(Int(tag.attributes["table:number-columns-spanned"] ?? "1") ?? 1, 1), TableText.maxCellsPerRow)
                // Empty repeated cells keep later cells under their headers; a text
                // document's tables are small, so a few are written out.
                let repeated = tag.isSelfClosing ? min(max(Int(tag.attributes["table:number-columns-repeated"] ?? "1") ?? 1, 1), 64) : 1
                let open = Array("<td\(span > 1 ? " colspan=\(span)" : "")>".utf8)
                for _ in 0..<repeated { html += tag.isSelfClosing ? open + Array("</td>".utf8) : open }
            } else if !tag.isSelfClosing {
                html += Array("<\(element)>".utf8)
            }
        }

        /// Note bodies or annotations: their text is collected apart, and the paragraph each
        /// interrupts resumes after it.
        struct Aside {
            var depth = 0
            var blocks: [[UInt8]] = []

            mutating func read(_ tag: XMLScanner.Tag, paragraph: inout [UInt8], saved: inout [UInt8]) {
                if tag.isClosing {
                    depth = max(0, depth - 1)
                    if depth == 0 {
                        blocks.append(paragraph)
                        paragraph = saved
                    }
                } else if !tag.isSelfClosing {
                    if depth == 0 { saved = paragraph; paragraph = [] }
                    depth += 1
                }
            }
        }
    }

    // MARK: PowerPoint

    static func pptx(_ descriptor: Int32, _ limits: ZipArchive.Limits) throws -> StructuredText {
        let entries = try ZipArchive.read(descriptor: descriptor, limits: limits) {
            slideNumber($0) != nil || $0 == "docProps/core.xml" || $0 == "ppt/presentation.xml"
        }
        let slides = entries.keys.compactMap { path in slideNumber(path).map { ($0, path) } }.sorted { $0.0 < $1.0 }
        guard !slides.isEmpty else {
            // A presentation without slides (a template, python-pptx's minimal deck) is empty;
            // a ZIP without a presentation is no PowerPoint file.
            if entries["ppt/presentation.xml"] != nil { return StructuredText(text: "") }
            throw Failure.unreadable("no slides (not a PowerPoint file)")
        }
        var html: [UInt8] = []
        for (_, path) in slides {
            let slide = slideHTML(entries[path]!)
            // Each slide is a section under its title.
            appendBlock(&html, slide.title, level: 1)
            html += slide.body
            html += Array("<hr>".utf8)
        }
        let title = entries["docProps/core.xml"].flatMap { XMLScanner.firstText(of: "dc:title", in: $0) }
        return structured(html, title: title)
    }

    /// A slide's title (its title placeholder's text) and its HTML after the title.
    static func slideHTML(_ xml: [UInt8]) -> (title: [UInt8], body: [UInt8]) {
        var reader = SlideReader()
        XMLScanner.scan(xml) { reader.read($0) }
        return (reader.slideTitle, reader.body)
    }

    /// `slideHTML`'s state while a slide's events go by.
    struct SlideReader {
        var shapeIsTitle = false
        var inShape = false
        var paragraphs: [[UInt8]] = []
        var paragraph: [UInt8] = []
        var inText = false
        var slideTitle: [UInt8] = []
        var mergedCell = false
        var body: [UInt8] = []  // the slide's HTML after its title

        mutating func read(_ event: XMLScanner.Event) {
            switch event {
            case let .tag(tag):
                switch tag.name {
                case "p:sp": readShapeTag(tag)
                case "p:ph":
                    if let type = tag.attributes["type"], type == "title" || type == "ctrTitle" { shapeIsTitle = true }
                case "a:p":
                    if tag.isClosing || tag.isSelfClosing {
                        if inShape { paragraphs.append(paragraph) } else if !mergedCell { appendBlock(&body, paragraph, level: nil) }
                        paragraph = []
                    }
                case "a:t": inText = !tag.isClosing && !tag.isSelfClosing
                case "a:br", "a:tab": paragraph.append(0x20)
                // Tables (in graphic frames, outside shapes): rows of cells.
                case "a:tbl":
                    if !tag.isSelfClosing { body += Array((tag.isClosing ? "</table>\n" : "<table>").utf8) }
                case "a:tr":
                    if !tag.isSelfClosing { body += Array((tag.isClosing ? "</tr>\n" : "<tr>").utf8) }
                case "a:tc": readCellTag(tag)
                default: break
                }
            case let .text(run): if inText { paragraph += run }
            case let .literal(run): if inText { paragraph += HTMLText.escaped(run) }
            }
        }

        /// A shape's paragraphs are the slide's title (the first title placeholder's) or text.
        mutating func readShapeTag(_ tag: XMLScanner.Tag) {
            if tag.isClosing {
                if shapeIsTitle, slideTitle.isEmpty {
                    slideTitle = Array(paragraphs.filter { !$0.isEmpty }.joined(separator: [0x20]))
                } else {
                    for paragraph in paragraphs { appendBlock(&body, paragraph, level: nil) }
                }
                inShape = false
            } else if !tag.isSelfClosing {
                inShape = true
                shapeIsTitle = false
                paragraphs = []
            }
        }

        /// A cell merged into the one before it (hMerge) is that cell's span, written once.
        mutating func readCellTag(_ tag: XMLScanner.Tag) {
            if tag.isClosing {
                if !mergedCell { body += Array("</td>".utf8) }
                mergedCell = false
            } else {
                mergedCell = ["1", "true"].contains(tag.attributes["hMerge"] ?? "")
                let span = min(max(Int(tag.attributes["gridSpan"] ?? "1") ?? 1, 1), TableText.maxCellsPerRow)
                if !mergedCell { body += Array("<td\(span > 1 ? " colspan=\(span)" : "")>".utf8) }
                if tag.isSelfClosing, !mergedCell { body += Array("</td>".utf8) }
                if tag.isSelfClosing { mergedCell = false }
            }
        }
    }

    /// 12 for "ppt/slides/slide12.xml".
    static func slideNumber(_ path: String) -> Int? {
        guard path.hasPrefix("ppt/slides/slide"), path.hasSuffix(".xml") else { return nil }
        return Int(path.dropFirst("ppt/slides/slide".count).dropLast(4))
    }

    // MARK: EPUB

    static func epub(_ descriptor: Int32, _ limits: ZipArchive.Limits) throws -> StructuredText {
        let entries = try ZipArchive.read(descriptor: descriptor, limits: limits) { path in
            let lower = path.lowercased()
            return [".xml", ".opf", ".xhtml", ".html", ".htm"].contains { lower.hasSuffix($0) }
        }
        var rootPath: String?
        if let container = entries["META-INF/container.xml"] {
            XMLScanner.scan(container) { event in
                if case let .tag(tag) = event, tag.localName == "rootfile", rootPath == nil { rootPath = tag.attributes["full-path"] }
            }
        }
        guard let rootPath, let package = entries[rootPath] else { throw Failure.unreadable("no package document (not an EPUB)") }
        let base = rootPath.contains("/") ? String(rootPath[..<rootPath.lastIndex(of: "/")!]) + "/" : ""
        var manifest: [String: String] = [:]
        var spine: [String] = []
        XMLScanner.scan(package) { event in
            guard case let .tag(tag) = event, !tag.isClosing else { return }
            switch tag.localName {
            case "item": if let id = tag.attributes["id"], let href = tag.attributes["href"] { manifest[id] = href }
            case "itemref": if let id = tag.attributes["idref"], tag.attributes["linear"] != "no" { spine.append(id) }
            default: break
            }
        }
        let bookTitle = XMLScanner.firstText(of: "dc:title", in: package)
        // The chapters in spine order, one after another, headings shifted to their place.
        var text = ""
        var count = 0
        var headings: [DocumentHeading] = []
        var tableRows: [TableRowPlace] = []
        // Tables are numbered through the book, not per chapter.
        var tablesBefore = 0
        for id in spine {
            guard let href = manifest[id], let bytes = entries[resolve(href, against: base)] else { continue }
            // The chapter's <title> is not a line of the book (it was pasted into the body,
            // often the book's own name, ten times in one book); it names the chapter's section
            // only when the chapter has no heading of its own and it is not the book's title.
            let chapter = HTMLText.extractStructured(utf8String(bytes), titleInText: false)
            let body = chapter.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !body.isEmpty else { continue }
            let leading = chapter.text.unicodeScalars.prefix { $0.properties.isWhitespace }.count
            if count > 0 {
                text += "\n\n"
                count += 2
            }
            if chapter.headings.isEmpty, let chapterTitle = chapter.title, chapterTitle != bookTitle {
                headings.append(DocumentHeading(offset: count, level: 1, text: chapterTitle))
            }
            headings += chapter.headings.map { DocumentHeading(offset: $0.offset - leading + count, level: $0.level, text: $0.text) }
            var chapterTables = 0
            for row in chapter.tableRows {
                guard case let .numbered(number) = row.table else { continue }
                chapterTables = Swift.max(chapterTables, number)
                var place = row.shifted(by: count - leading)
                place.table = .numbered(number + tablesBefore)
                tableRows.append(place)
            }
            tablesBefore += chapterTables
            text += body
            count += body.unicodeScalars.count
        }
        var result = StructuredText(text: text, title: bookTitle, headings: headings)
        result.tableRows = tableRows
        return result
    }

    /// A manifest href (relative to the package document, percent-encoded) as an entry path.
    static func resolve(_ href: String, against base: String) -> String {
        let path = (href.removingPercentEncoding ?? href).split(separator: "#").first.map(String.init) ?? href
        var parts: [Substring] = []
        for part in (base + path).split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    // MARK: Shared

    static func appendBlock(_ html: inout [UInt8], _ text: [UInt8], level: Int?) {
        guard text.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return }
        let tag = level.map { "h\($0)" } ?? "p"
        html += Array("<\(tag)>".utf8)
        html += text
        html += Array("</\(tag)>\n".utf8)
    }

    static func structured(_ html: [UInt8], title: String?) -> StructuredText {
        var result = HTMLText.extractStructured(utf8String(html))
        result.title = title ?? result.title
        return result
    }

    /// UTF-8 bytes as text (invalid sequences replaced).
    static func utf8String(_ bytes: [UInt8]) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        return String(decoding: body, as: UTF8.self)
    }
}
