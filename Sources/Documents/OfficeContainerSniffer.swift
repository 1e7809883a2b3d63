import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Office files whose extension says one container and whose bytes say the other. Found in a
/// real folder (Unstructured's example-docs): `.doc`/`.ppt` files that are really Word 2007+/
/// PowerPoint ZIP packages (Word saves "Word 97-2003" names on new files), which the legacy
/// tools call unreadable or empty; and `.xlsx`/`.docx`/`.pptx` files that are OLE compound
/// files — password-protected Office 2007+ files are stored that way (an `EncryptionInfo`
/// stream wraps the encrypted package) — reported `unreadable` where `encrypted` says what to do.
enum OfficeContainerSniffer {
    enum Verdict: Equatable {
        case asNamed
        case readAs(DocumentFormat)
        case encrypted
    }

    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    /// "EncryptionInfo" as an OLE directory entry names it (UTF-16LE).
    static let encryptionInfo: [UInt8] = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    /// How far the directory is looked for: encrypted packages keep it in the first sectors;
    /// reading is bounded whatever the file's size.
    static let scanBytes = 1 << 20

    /// Reads with `pread`, so the descriptor's offset is left where the loaders expect it.
    static func verdict(_ format: DocumentFormat, descriptor: Int32) -> Verdict {
        switch format {
        case .doc, .ppt, .xls:
            guard read(descriptor, count: zipMagic.count) == zipMagic else { return .asNamed }
            return .readAs(format == .doc ? .docx : format == .ppt ? .pptx : .xlsx)
        case .docx, .pptx, .xlsx:
            // Eight bytes for every package; the directory scan only for OLE files.
            guard read(descriptor, count: oleMagic.count) == oleMagic else { return .asNamed }
            if contains(read(descriptor, count: scanBytes), encryptionInfo) { return .encrypted }
            return .readAs(format == .docx ? .doc : format == .pptx ? .ppt : .xls)
        default:
            return .asNamed
        }
    }

    static func read(_ descriptor: Int32, count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(done)) }
            if got < 0, errno == EINTR { continue }
            if got <= 0 { break }
            done += got
        }
        return Array(bytes[..<done])
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index ..< index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
