import CArchive
import Foundation

/// Writes small ZIP files with libarchive, so that the office-format tests build their
/// documents (no binary fixtures in the repository).
enum ZipWriter {
    struct Failure: Error { let message: String }

    static func write(_ url: URL, _ entries: [(path: String, contents: String)]) throws {
        try write(url, entries.map { ($0.path, Data($0.contents.utf8)) })
    }

    static func write(_ url: URL, _ entries: [(path: String, data: Data)]) throws {
        guard let archive = archive_write_new() else { throw Failure(message: "archive_write_new") }
        defer { archive_write_free(archive) }
        archive_write_set_format_zip(archive)
        guard archive_write_open_filename(archive, url.path) == ARCHIVE_OK else { throw Failure(message: "cannot open \(url.path)") }
        for (path, data) in entries {
            let entry = archive_entry_new()
            archive_entry_set_pathname(entry, path)
            archive_entry_set_size(entry, la_int64_t(data.count))
            archive_entry_set_filetype(entry, 0o100000)
            archive_entry_set_perm(entry, 0o644)
            archive_write_header(archive, entry)
            _ = data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            archive_entry_free(entry)
        }
        archive_write_close(archive)
    }
}
