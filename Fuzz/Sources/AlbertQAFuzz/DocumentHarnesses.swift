import Documents
import Foundation

enum DocumentHarnesses {
    /// Any bytes as a document file, with the charset it declares as an HTML page would:
    /// text without NUL or carriage returns, or "binary"; never more scalars than bytes unless
    /// a charset was declared (UTF-8, UTF-16/32 and Windows-1252 spend at least a byte a
    /// scalar, and U+FFFD replaces at least one; a few iconv charsets such as TSCII make
    /// several scalars of a byte, bounded by `Charset.decode`'s 4 bytes out per byte in).
    static let textDecoding: @Sendable (Data) -> Void = { data in
        let declared = CharsetDeclaration.html(data)
        switch TextDecoding.decode(data, declared: declared) {
        case .binary:
            require(TextDecoding.isBinary(data.prefix(TextDecoding.sniffBytes)), "decode and the loader's sniff disagree")
        case let .text(decoded):
            let text = decoded.text
            require(!text.unicodeScalars.contains("\r"), "a carriage return survived newline normalisation")
            require(!text.unicodeScalars.contains("\u{0}"), "a NUL survived")
            if case .declared = decoded.source {
                require(declared != nil, "declared without a declaration")
                require(text.unicodeScalars.count <= 4 * data.count, "a declared charset blew up the text")
            } else {
                require(text.unicodeScalars.count <= data.count, "more scalars than bytes")
            }
        }
    }

    /// Any text as HTML: the extracted text never holds a tag's angle-bracketed markup
    /// verbatim when the input had none of its characters, and never grows without bound.
    static let html: @Sendable (Data) -> Void = { data in
        let html = String(decoding: data, as: UTF8.self)
        let structured = HTMLText.extractStructured(html)
        let text = structured.text
        if let problem = TableReaders.rowPlacesProblem(structured.tableRows, in: text) { require(false, "html: \(problem)") }
        // Entities expand (&LongLeftRightArrow; is 3 scalars for 21 bytes at most), never tenfold;
        // a table's rows repeat its headers, within a budget of 1 MB or 8 times the page.
        let tableRows = html.contains("<") ? max(1 << 20, 8 * html.unicodeScalars.count) : 0
        require(text.unicodeScalars.count <= 10 * max(html.unicodeScalars.count, 1) + tableRows, "extraction blew up the text")
        if !html.contains("<") && !html.contains("&") {
            require(!text.contains("<"), "text without markup gained a tag")
        }
    }

    /// Any bytes as an .eml and as an mbox: the text stays within its limit (plus the notes
    /// that say what was left out; an mbox's messages all together), holds no NUL or carriage
    /// return, and every heading points inside it; an mbox's messages keep their order.
    static let mime: @Sendable (Data) -> Void = { data in
        let limit = 64 << 10
        let mailbox = MailDocument.mailbox([UInt8](data), maxTextBytes: limit)
        let mailboxText = mailbox.messages.reduce(0) { $0 + $1.rendered.structured.text.utf8.count }
        require(mailboxText <= limit + 1_000, "mbox text of \(mailboxText) bytes passed the \(limit)-byte limit")
        require(zip(mailbox.messages, mailbox.messages.dropFirst()).allSatisfy { $0.number < $1.number }, "mbox messages out of order")
        for rendered in [MailDocument.message([UInt8](data), maxTextBytes: limit)] + mailbox.messages.map(\.rendered) {
            let text = rendered.structured.text
            require(text.utf8.count <= limit + 1_000, "mail text of \(text.utf8.count) bytes passed the \(limit)-byte limit")
            require(!text.utf8.contains(0) && !text.utf8.contains(0x0D), "a NUL or carriage return in mail text")
            let count = text.unicodeScalars.count
            for heading in rendered.structured.headings {
                require(heading.offset >= 0 && heading.offset <= count, "heading offset \(heading.offset) outside \(count) scalars")
                require((1...6).contains(heading.level), "heading level \(heading.level)")
            }
        }
    }

    /// Any text as xls2csv's output: every heading points at its own name in the text, each
    /// row stays one line, and the text never grows past its cap (`LegacySpreadsheetText.maxGrowth`).
    static let spreadsheetCSV: @Sendable (Data) -> Void = { data in
        let csv = String(decoding: data, as: UTF8.self)
        let rendered = LegacySpreadsheetText.render(csv: csv)
        let scalars = Array(rendered.text.unicodeScalars)
        for heading in rendered.headings {
            let name = Array(heading.text.unicodeScalars)
            require(heading.offset >= 0 && heading.offset + name.count <= scalars.count, "a heading offset outside the text")
            require(Array(scalars[heading.offset..<heading.offset + name.count]) == name, "a heading offset that does not point at its name")
        }
        for row in LegacySpreadsheetText.parse(Substring(csv)) {
            require(row.count <= LegacySpreadsheetText.maxCellsPerRow, "a row over the cell cap")
            require(!row.contains { $0.contains("\n") }, "a cell kept a line break")
        }
        // The cap is checked between rows: one row (its cells labelled) may pass it.
        let maxRow = csv.unicodeScalars.count * (LegacySpreadsheetText.maxLabelScalars + 5)
        require(scalars.count <= LegacySpreadsheetText.maxGrowth * csv.unicodeScalars.count + 65_536 + maxRow + 20, "rendering blew up the text")
    }

    /// Any bytes as a .ppt (an OLE container holding a "PowerPoint Document" stream) and as
    /// that stream's records alone: the text stays within its limit, holds no control
    /// character but line breaks, and a damaged container is a `CompoundFile.Failure`.
    static let powerpoint: @Sendable (Data) -> Void = { data in
        let bytes = [UInt8](data)
        let limit = 16 << 10
        var texts = [PowerPointText.text(stream: bytes, maxScalars: limit)]
        do {
            if let text = try PowerPointText.text(bytes, maxScalars: limit) { texts.append(text) }
        } catch {}
        for text in texts {
            require(text.unicodeScalars.count <= limit, "PowerPoint text of \(text.unicodeScalars.count) scalars passed the limit \(limit)")
            require(!text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" }, "a control character in slide text")
        }
    }

    /// Any text as JSON, XML, org-mode and YAML, and as PDF text whose line-end hyphens are
    /// rejoined: no crash at any nesting depth; JSON's text
    /// within its output limit (else `tooLarge`), headings inside the text they point into,
    /// nothing ever expanded beyond a bounded factor, no NUL.
    static let plainText: @Sendable (Data) -> Void = { data in
        let text = String(decoding: data, as: UTF8.self)
        let limit = 4 * data.count + 64
        do {
            if let json = try JSONText.extract(text, maxOutputBytes: limit) {
                require(json.text.utf8.count <= limit, "JSON text past its limit")
                require(!json.text.unicodeScalars.contains("\u{0}"), "a NUL in JSON text")
                require(json.headings.isEmpty, "JSON has no headings")
            }
        } catch {
            require((error as? JSONText.Failure) == .tooLarge, "unexpected JSON failure")
        }
        let xml = XMLText.extract(text)
        // Character references (&#x10FFFF; is 10 bytes for 4) never grow the text.
        require(xml.text.utf8.count <= data.count + 2 * xml.text.unicodeScalars.count, "XML text grew")
        let count = xml.text.unicodeScalars.count
        require(xml.headings.allSatisfy { $0.offset >= 0 && $0.offset < count && (1...6).contains($0.level) }, "an XML heading outside its text")
        // PDF text: rejoining hyphenated words never adds text and keeps every page break.
        let joined = HyphenJoiner.join(text).text
        require(joined.unicodeScalars.count <= text.unicodeScalars.count, "hyphen joining grew the text")
        require(joined.unicodeScalars.filter { $0 == "\u{0C}" }.count == text.unicodeScalars.filter { $0 == "\u{0C}" }.count, "a page break lost")
        for headings in [MarkupHeadings.org(text).headings, MarkupHeadings.yaml(text)] {
            require(headings.allSatisfy { $0.offset >= 0 && $0.offset < max(text.unicodeScalars.count, 1) }, "a heading outside its text")
        }
    }
}

/// The table readers: whatever the bytes, rows stay within their bounds and every rendered
/// row is one line (a row is one paragraph, one passage-unit).
enum TableHarnesses {
    static func requireRowsBounded(_ rows: [[String]], maxRows: Int, _ what: String) {
        require(rows.count <= maxRows, "\(what): \(rows.count) rows past the limit \(maxRows)")
        for row in rows { require(row.count <= TableReaders.maxCellsPerRow, "\(what): a row of \(row.count) cells") }
        for line in TableReaders.renderedRows(rows) {
            require(!line.isEmpty && !line.utf8.contains(0x0A), "\(what): a rendered row is empty or not one line")
        }
    }

    /// CSV: the first byte chooses the delimiter (sniffed, or one of , ; tab |) and the row limit.
    static let csv: @Sendable (Data) -> Void = { data in
        let bytes = [UInt8](data)
        let choice = Int(bytes.first ?? 0)
        let delimiter: UInt8? = [nil, UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")][choice % 5]
        let maxRows = choice / 5 % 50 + 1
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        let (rows, truncated) = TableReaders.delimitedRows(text, delimiter: delimiter, maxRows: maxRows)
        requireRowsBounded(rows, maxRows: maxRows, "csv")
        require(!truncated || rows.count == maxRows, "cut before the limit")
        let document = TableReaders.delimitedDocument(text, delimiter: delimiter, maxScalars: 1 << 16)
        if let problem = TableReaders.rowPlacesProblem(document.rows, in: document.text) { require(false, "csv: \(problem)") }
        // Cells are the text less quotes and separators: never more bytes than the input.
        require(rows.reduce(0) { $0 + $1.reduce(0) { $0 + $1.utf8.count } } <= text.utf8.count, "cells hold more bytes than the text")
        // By byte: a quote followed by a combining mark is one Character that is no quote.
        if !text.utf8.contains(UInt8(ascii: "\"")) {
            for row in rows { for cell in row { require(!cell.utf8.contains(0x0A), "a newline inside an unquoted cell") } }
        }
    }

    /// Markdown with pipe tables: text without a table comes back unchanged, and rows with
    /// their headers stay within the budget (1 MB or 8 times the text).
    static let markdownTables: @Sendable (Data) -> Void = { data in
        let text = String(decoding: data, as: UTF8.self)
        let rendered = TableReaders.markdownWithTableRows(text)
        if !text.utf8.contains(UInt8(ascii: "|")) { require(rendered == text, "text without a pipe changed") }
        let placed = TableReaders.markdownWithRowPlaces(text)
        require(placed.text == rendered, "rendering with places changed the text")
        if let problem = TableReaders.rowPlacesProblem(placed.rows, in: placed.text) { require(false, "markdown: \(problem)") }
        require(rendered.utf8.count <= text.utf8.count + max(1 << 20, 8 * text.utf8.count) + 4, "rows blew up the text")
    }

    /// An Excel worksheet part (the input), with a fixed shared-strings and styles part.
    static let xlsxSheet: @Sendable (Data) -> Void = { data in
        let strings = Array("<sst><si><t>Day</t></si><si><r><t>Le</t></r><r><t>ader</t></r></si></sst>".utf8)
        let styles = Array(#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs></styleSheet>"#.utf8)
        let (rows, truncated) = TableReaders.excelSheetRows([UInt8](data), sharedStringsXML: strings, stylesXML: styles, maxRows: 100)
        requireRowsBounded(rows, maxRows: 100, "xlsx")
        require(!truncated || rows.count == 100, "cut before the limit")
    }

    /// An OpenDocument content.xml: repeated rows and columns expand only within the bounds.
    static let odsContent: @Sendable (Data) -> Void = { data in
        let sheets = TableReaders.openDocumentSheets([UInt8](data), maxRows: 100)
        require(sheets.reduce(0) { $0 + $1.rows.count } <= 100, "more rows than the limit over all sheets")
        for sheet in sheets { requireRowsBounded(sheet.rows, maxRows: 100, "ods") }
    }
}
