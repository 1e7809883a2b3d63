/// Excel workbooks (.xlsx, SpreadsheetML): xl/workbook.xml names the sheets in order and its
/// relationships name their parts; cells hold shared-string indexes (t="s"), inline strings,
/// numbers, booleans, errors and formula results; styles.xml says which numbers are dates.
extension SpreadsheetText {
    static func xlsx(_ descriptor: Int32, _ limits: ZipArchive.Limits, maxScalars: Int) throws -> StructuredText {
        let entries = try ZipArchive.read(descriptor: descriptor, limits: limits) { path in
            path == "xl/workbook.xml" || path == "xl/_rels/workbook.xml.rels" || path == "xl/sharedStrings.xml"
                || path == "xl/styles.xml" || path == "docProps/core.xml" || (path.hasPrefix("xl/worksheets/") && path.hasSuffix(".xml"))
        }
        guard let workbook = entries["xl/workbook.xml"] else { throw OfficeText.Failure.unreadable("no xl/workbook.xml (not an Excel workbook)") }
        let targets = entries["xl/_rels/workbook.xml.rels"].map(relationshipTargets) ?? [:]
        let strings = entries["xl/sharedStrings.xml"].map(sharedStrings) ?? []
        let styles = entries["xl/styles.xml"].map(CellStyles.init) ?? CellStyles()
        var uses1904 = false
        var named: [(name: String, path: String)] = []
        XMLScanner.scan(workbook) { event in
            guard case let .tag(tag) = event, !tag.isClosing else { return }
            switch tag.localName {
            case "workbookPr": uses1904 = ["1", "true"].contains(tag.attributes["date1904"] ?? "")
            case "sheet":
                let id = tag.attributes.first { $0.key.hasSuffix(":id") }?.value ?? ""
                guard let target = targets[id] else { return }
                let path = target.hasPrefix("/") ? String(target.dropFirst()) : OfficeText.resolve(target, against: "xl/")
                named.append((tag.attributes["name"] ?? path, path))
            default: break
            }
        }
        var sheets: [Sheet] = []
        var rowsLeft = TableText.maxRowsPerFile
        for (name, path) in named {
            guard let xml = entries[path] else { continue }
            var sheet = xlsxSheet(xml, sharedStrings: strings, styles: styles, uses1904: uses1904, maxRows: rowsLeft)
            sheet.name = name
            rowsLeft -= sheet.table.rows.count
            sheets.append(sheet)
            if sheet.truncated { break }
        }
        guard !named.isEmpty else { throw OfficeText.Failure.unreadable("a workbook without sheets") }
        let title = entries["docProps/core.xml"].flatMap { XMLScanner.firstText(of: "dc:title", in: $0) }
        return document(sheets, title: title, maxScalars: maxScalars)
    }

    /// Relationship ids to their targets ("rId1" → "worksheets/sheet1.xml").
    static func relationshipTargets(_ xml: [UInt8]) -> [String: String] {
        var targets: [String: String] = [:]
        XMLScanner.scan(xml) { event in
            guard case let .tag(tag) = event, tag.localName == "Relationship",
                  let id = tag.attributes["Id"], let target = tag.attributes["Target"] else { return }
            targets[id] = target
        }
        return targets
    }

    /// The shared strings in order: each `<si>`'s text runs joined, phonetic guides (`rPh`)
    /// left out.
    static func sharedStrings(_ xml: [UInt8]) -> [String] {
        var strings: [String] = []
        var current: [UInt8] = []
        var inItem = false, inText = false, inPhonetic = false
        XMLScanner.scan(xml) { event in
            switch event {
            case let .tag(tag):
                switch tag.localName {
                case "si":
                    if tag.isSelfClosing { strings.append("") } else if tag.isClosing {
                        if inItem { strings.append(decodedText(current)) }
                        inItem = false
                    } else {
                        inItem = true
                        current = []
                    }
                case "rPh": inPhonetic = !tag.isClosing && !tag.isSelfClosing
                case "t": inText = !tag.isClosing && !tag.isSelfClosing
                default: break
                }
            case let .text(run): if inItem, inText, !inPhonetic { current += run }
            case let .literal(run): if inItem, inText, !inPhonetic { current += HTMLText.escaped(run) }
            }
        }
        return strings
    }

    /// One worksheet's cells as a table, at most `maxRows` rows with content.
    static func xlsxSheet(_ xml: [UInt8], sharedStrings: [String], styles: CellStyles, uses1904: Bool, maxRows: Int) -> Sheet {
        var rows: [[String]] = []
        var rowNumbers: [Int] = []
        var row = RowBuilder()
        var truncated = false
        var nextColumn = 0
        // The sheet's row number (`<row r="5">`; without one, the one after the last).
        var rowNumber = 0
        // The cell being read.
        var cellType = "n", cellStyle = 0, cellColumn = 0
        var value: [UInt8] = []
        var inCell = false, inValue = false, inInlineText = false, inPhonetic = false

        func finishRow() {
            if row.hasContent {
                if rows.count < maxRows {
                    rows.append(row.cells)
                    rowNumbers.append(max(rowNumber, rows.count))
                } else {
                    truncated = true
                }
            }
            row = RowBuilder()
            nextColumn = 0
        }

        XMLScanner.scan(xml) { event in
            guard !truncated else { return }
            switch event {
            case let .tag(tag):
                switch tag.localName {
                case "row":
                    if !tag.isClosing { rowNumber = tag.attributes["r"].flatMap(Int.init).map { min(max($0, 1), 1 << 20) } ?? rowNumber + 1 }
                    if tag.isClosing || tag.isSelfClosing { finishRow() } else { row = RowBuilder(); nextColumn = 0 }
                case "c":
                    if tag.isClosing {
                        if inCell { row.put(cellText(value, type: cellType, style: cellStyle, sharedStrings: sharedStrings, styles: styles, uses1904: uses1904), at: cellColumn) }
                        inCell = false
                        return
                    }
                    cellColumn = tag.attributes["r"].flatMap(columnIndex) ?? nextColumn
                    nextColumn = cellColumn + 1
                    if tag.isSelfClosing { return }
                    inCell = true
                    cellType = tag.attributes["t"] ?? "n"
                    cellStyle = tag.attributes["s"].flatMap(Int.init) ?? 0
                    value = []
                case "v": inValue = inCell && !tag.isClosing && !tag.isSelfClosing
                case "rPh": inPhonetic = !tag.isClosing && !tag.isSelfClosing
                case "t": inInlineText = inCell && !tag.isClosing && !tag.isSelfClosing
                default: break
                }
            case let .text(run):
                if inValue || (inInlineText && !inPhonetic) { value += run }
            case let .literal(run):
                if inValue || (inInlineText && !inPhonetic) { value += HTMLText.escaped(run) }
            }
        }
        if !truncated, row.hasContent { finishRow() }
        var table = TableText(rows: rows)
        table.rowNumbers = rowNumbers
        return Sheet(name: "", table: table, truncated: truncated)
    }

    /// A cell's value as shown: shared and inline strings, TRUE/FALSE, dates as ISO dates.
    static func cellText(_ raw: [UInt8], type: String, style: Int, sharedStrings: [String], styles: CellStyles, uses1904: Bool) -> String {
        let text = decodedText(raw)
        switch type {
        case "s":
            guard let index = Int(text.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else { return "" }
            return sharedStrings[index]
        case "b": return text == "1" ? "TRUE" : text == "0" ? "FALSE" : text
        case "inlineStr", "str", "e", "d": return text
        default:
            guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite else { return text }
            switch styles.kind(ofStyle: style) {
            case .date(let withTime): return SerialDate.text(number, uses1904: uses1904, withTime: withTime) ?? text
            case .time: return SerialDate.timeText(number)
            case .percent: return SerialDate.tidy(number * 100) + "%"
            case .number: return SerialDate.tidy(number, written: text)
            }
        }
    }

    /// 0 for "A1", 27 for "AB12"; nil when it is no cell reference. Columns past Excel's
    /// 16,384 are refused (and would be dropped by the cell bound anyway).
    static func columnIndex(_ reference: String) -> Int? {
        var column = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            let upper = scalar.value >= 97 && scalar.value <= 122 ? scalar.value - 32 : scalar.value
            guard upper >= 65, upper <= 90 else { break }
            column = column * 26 + Int(upper - 64)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters > 0 ? column - 1 : nil
    }

    /// What kind of value a cell style shows: styles.xml's `cellXfs` list, by index, and the
    /// number formats they name (built-in ids, or `numFmt` codes).
    struct CellStyles {
        enum Kind: Equatable { case number, date(withTime: Bool), time, percent }
        var kinds: [Kind] = []

        init() {}

        init(_ xml: [UInt8]) {
            var custom: [Int: String] = [:]
            var formatIDs: [Int] = []
            var inCellFormats = false
            XMLScanner.scan(xml) { event in
                guard case let .tag(tag) = event else { return }
                switch tag.localName {
                case "numFmt":
                    if let id = tag.attributes["numFmtId"].flatMap(Int.init), let code = tag.attributes["formatCode"] { custom[id] = code }
                case "cellXfs": inCellFormats = !tag.isClosing && !tag.isSelfClosing
                case "xf":
                    if inCellFormats, !tag.isClosing { formatIDs.append(tag.attributes["numFmtId"].flatMap(Int.init) ?? 0) }
                default: break
                }
            }
            kinds = formatIDs.map { id in custom[id].map(Self.kind(ofCode:)) ?? Self.kind(ofBuiltIn: id) }
        }

        func kind(ofStyle style: Int) -> Kind { kinds.indices.contains(style) ? kinds[style] : .number }

        /// Excel's built-in formats: 14–17 and 22 dates (22 with a time), 18–21 and 45–47 times,
        /// 27–36 and 50–58 the East Asian date formats, 9–10 percentages.
        static func kind(ofBuiltIn id: Int) -> Kind {
            switch id {
            case 14...17, 27...36, 50...58: return .date(withTime: false)
            case 22: return .date(withTime: true)
            case 18...21, 45...47: return .time
            case 9, 10: return .percent
            default: return .number
            }
        }

        /// A format code shows a date when, outside quoted text, escapes and [brackets], it
        /// uses d or y (m alone is minutes or months); a time when it uses h or s.
        static func kind(ofCode code: String) -> Kind {
            var plain = ""
            var inQuote = false, inBracket = false, escaped = false
            for character in code.lowercased() {
                if escaped { escaped = false; continue }
                if inQuote { if character == "\"" { inQuote = false }; continue }
                if inBracket { if character == "]" { inBracket = false }; continue }
                switch character {
                case "\"": inQuote = true
                case "[": inBracket = true
                case "\\", "_", "*": escaped = true  // the next character is literal (or padding)
                default: plain.append(character)
                }
            }
            // Only the first section (positive numbers) matters.
            let section = plain.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
            let hasDate = section.contains("d") || section.contains("y")
            let hasTime = section.contains("h") || section.contains("s")
            if hasDate { return .date(withTime: hasTime) }
            if hasTime { return .time }
            if section.contains("%") { return .percent }
            return .number
        }
    }
}

/// Spreadsheet serial dates: days since 1899-12-30 (Excel's 1900 system, which counts a
/// 29 February 1900 that never was, hence the 30th), or since 1904-01-01; the fraction is the
/// time of day.
enum SerialDate {
    /// "2024-03-07" (with " 14:30" when asked and the time is not midnight); nil out of range.
    static func text(_ serial: Double, uses1904: Bool, withTime: Bool) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }  // 9999-12-31
        var days = serial.rounded(.down)
        // Serials before 1900-03-01 count the false leap day one short.
        if !uses1904, days < 61 { days += 1 }
        let (year, month, day) = civil(fromDays: Int(days) + (uses1904 ? daysFrom1970To1904 : daysFrom1970To1899_12_30))
        var text = String(format: "%04d-%02d-%02d", year, month, day)
        let time = serial - serial.rounded(.down)
        if withTime, time > 0.5 / 86_400 { text += " " + timeText(time) }
        return text
    }

    /// "14:30" (and seconds when not zero) for a fraction of a day.
    static func timeText(_ serial: Double) -> String {
        guard serial.isFinite else { return "" }
        let seconds = Int(((serial - serial.rounded(.down)) * 86_400).rounded()) % 86_400
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        return s == 0 ? String(format: "%02d:%02d", h, m) : String(format: "%02d:%02d:%02d", h, m, s)
    }

    /// A number as a person reads it: binary noise rounded away ("0.30000000000000004" is
    /// "0.3"), whole numbers without ".0".
    static func tidy(_ number: Double, written: String? = nil) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        let short = String(format: "%.10g", number)
        if let written, written.count <= short.count { return written }
        return short
    }

    static let daysFrom1970To1899_12_30 = -25_569
    static let daysFrom1970To1904 = -24_107

    /// Year, month, day of a day count from 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
