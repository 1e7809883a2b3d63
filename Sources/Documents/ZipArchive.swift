import CArchive
import Foundation

/// Reads chosen entries of a ZIP container (.docx, .odt, .pptx, .epub) through libarchive,
/// within limits: a zip bomb (or a huge archive) is refused with a reason instead of filling
/// memory or taking minutes. `package`: Albert reads PyTorch checkpoints (ZIPs) with it too.
package struct ZipArchive {
    package struct Limits: Sendable {
        /// Entries walked at most (names only; most are skipped unread).
        package var maxEntries = 20_000
        /// Uncompressed bytes of one entry read at most.
        package var maxEntryBytes = 64 << 20
        /// Uncompressed bytes of all entries read, together.
        package var maxTotalBytes = 160 << 20

        package init() {}
    }

    package enum Failure: Error, Equatable {
        case unreadable(String)
        case tooLarge(String)
    }

    /// The entries whose path `wanted` accepts, by path. Directories are skipped.
    /// Reads from an open descriptor (positioned at the start; not closed here).
    package static func read(descriptor: Int32, limits: Limits = .init(), wanted: (String) -> Bool) throws(Failure) -> [String: [UInt8]] {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw .unreadable("cannot seek") }
        guard let archive = archive_read_new() else { throw .unreadable("libarchive could not start") }
        defer { archive_read_free(archive) }
        archive_read_support_format_zip(archive)
        guard archive_read_open_fd(archive, descriptor, 1 << 16) == ARCHIVE_OK else {
            throw .unreadable("not a ZIP container (\(errorString(archive)))")
        }
        var entries: [String: [UInt8]] = [:]
        var walked = 0
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw .unreadable("damaged ZIP container (\(errorString(archive)))")
            }
            walked += 1
            guard walked <= limits.maxEntries else { throw .tooLarge("more than \(limits.maxEntries) entries") }
            guard let cPath = archive_entry_pathname(entry) else { continue }
            let path = String(cString: cPath)
            guard !path.hasSuffix("/"), wanted(path) else { continue }
            var data: [UInt8] = []
            while true {
                let count = chunk.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                guard count > 0 else { throw .unreadable("\(path): \(errorString(archive))") }
                data.append(contentsOf: chunk[0..<Int(count)])
                total += Int(count)
                guard data.count <= limits.maxEntryBytes else {
                    throw .tooLarge("\(path) unpacks to more than \(limits.maxEntryBytes >> 20) MiB")
                }
                guard total <= limits.maxTotalBytes else {
                    throw .tooLarge("its text entries unpack to more than \(limits.maxTotalBytes >> 20) MiB")
                }
            }
            entries[path] = data
        }
        return entries
    }

    private static func errorString(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
    }
}
