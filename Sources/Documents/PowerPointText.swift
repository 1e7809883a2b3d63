import Foundation

/// The text of a PowerPoint 97–2003 file (.ppt, .pps) read without a converter: its
/// "PowerPoint Document" stream (`CompoundFile`) is a tree of records — containers whose
/// children follow their 8-byte header, atoms with data — and slide text lives in two atoms,
/// TextCharsAtom (UTF-16) and TextBytesAtom (8-bit: the low bytes of UTF-16, i.e. Latin-1).
/// Used when catppt is missing or gives nothing (catppt printed nothing, exit 0, for a real
/// PowerPoint 97 file of a public test corpus).
///
/// Bounded: the tree at most `maxDepth` deep and `maxRecords` records, the text at most
/// `maxScalars`; a record's length never reaches past its container.
public enum PowerPointText {
    static let textCharsAtom: UInt16 = 0x0FA0
    static let textBytesAtom: UInt16 = 0x0FA8
    /// The master slide's placeholders ("Click to edit Master title style") are not the deck's text.
    static let mainMaster: UInt16 = 0x03F8
    static let maxDepth = 32
    static let maxRecords = 1_000_000

    /// The slides' text: one paragraph per text atom (PowerPoint's paragraph mark, a carriage
    /// return, and its line break, a vertical tab, become line breaks), each distinct text
    /// once (PowerPoint keeps a slide's text both in its slide list and in its drawing).
    /// `CompoundFile.Failure.notCompoundFile` for bytes that are not an OLE file (`.damaged`
    /// for a broken one); nil when it holds no PowerPoint stream.
    public static func text(_ bytes: [UInt8], maxScalars: Int) throws -> String? {
        guard let stream = try CompoundFile(bytes).stream(named: "PowerPoint Document") else { return nil }
        return text(stream: stream, maxScalars: maxScalars)
    }

    /// The text of a "PowerPoint Document" stream's records (see `text(_:maxScalars:)`).
    public static func text(stream: [UInt8], maxScalars: Int) -> String {
        var collector = Collector(maxScalars: maxScalars)
        collector.walk(stream, 0..<stream.count, depth: 0)
        return collector.paragraphs.joined(separator: "\n\n")
    }

    struct Collector {
        let maxScalars: Int
        var paragraphs: [String] = []
        var seen: Set<String> = []
        var scalars = 0
        var records = 0

        init(maxScalars: Int) { self.maxScalars = maxScalars }

        mutating func walk(_ bytes: [UInt8], _ range: Range<Int>, depth: Int) {
            var offset = range.lowerBound
            while offset + 8 <= range.upperBound, records < PowerPointText.maxRecords, scalars < maxScalars {
                records += 1
                let versionAndInstance = CompoundFile.u16(bytes, offset)
                let type = CompoundFile.u16(bytes, offset + 2)
                let length = Int(CompoundFile.u32(bytes, offset + 4))
                let body = offset + 8
                let end = body + min(length, range.upperBound - body)
                if versionAndInstance & 0x000F == 0x000F {
                    if type != PowerPointText.mainMaster, depth < PowerPointText.maxDepth { walk(bytes, body..<end, depth: depth + 1) }
                } else if type == PowerPointText.textCharsAtom {
                    var units: [UInt16] = []
                    units.reserveCapacity((end - body) / 2)
                    var k = body
                    while k + 1 < end {
                        units.append(CompoundFile.u16(bytes, k))
                        k += 2
                    }
                    add(String(decoding: units, as: UTF16.self))
                } else if type == PowerPointText.textBytesAtom {
                    add(String(String.UnicodeScalarView(bytes[body..<end].map { Unicode.Scalar($0) })))
                }
                offset = end
            }
        }

        mutating func add(_ raw: String) {
            var out = String.UnicodeScalarView()
            for scalar in raw.unicodeScalars {
                switch scalar {
                case "\r", "\u{0B}", "\n": out.append("\n")
                case "\t": out.append(" ")
                default:
                    // Other control characters (a slide number field's placeholder) are no text.
                    if scalar.properties.generalCategory != .control { out.append(scalar) }
                }
            }
            let text = String(out).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, seen.insert(text).inserted else { return }
            let count = text.unicodeScalars.count
            guard scalars + count <= maxScalars else {
                scalars = maxScalars
                return
            }
            scalars += count + 2
            paragraphs.append(text)
        }
    }
}
