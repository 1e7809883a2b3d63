import Foundation

/// A file found in the folder, known by its metadata only (nothing read yet).
public struct DocumentFile: Sendable, Equatable {
    public var url: URL
    /// Path relative to the folder, with "/" separators: the document's identity in the index.
    public var relativePath: String
    public var size: Int
    /// Modification time, seconds since 1970.
    public var modified: Double
    public var format: DocumentFormat
}

/// Why a file was not indexed.
public enum SkipReason: String, Sendable, CaseIterable, Codable {
    case unsupportedFormat = "unsupported_format"
    case binary
    case empty
    case unreadable
    case pdftotextMissing = "pdftotext_missing"
    /// An archive-based file that unpacks to more than the limits (a zip bomb, or simply huge).
    case tooLarge = "too_large"
}

public struct SkippedFile: Sendable, Equatable {
    public var relativePath: String
    public var reason: SkipReason
    public var detail: String?
}

/// Lists the documents under a folder: recursive, hidden files and folders skipped, symlinks
/// followed but each real folder visited once (no loops), chosen paths excluded (the index).
public enum FolderWalker {
    public struct Result: Sendable {
        public var files: [DocumentFile] = []
        public var skipped: [SkippedFile] = []
    }

    public static func walk(_ root: URL, excluding excluded: Set<String> = []) throws -> Result {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw DocumentError("\(root.path): no such folder")
        }
        guard isDirectory.boolValue else { throw DocumentError("\(root.path): not a folder") }
        var result = Result()
        var visited: Set<String> = []
        let excludedReal = Set(excluded.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path })
        let keys: [URLResourceKey] = [.isDirectoryKey, .isRegularFileKey, .fileSizeKey, .contentModificationDateKey]

        func visit(_ folder: URL, relative: String) {
            let real = folder.resolvingSymlinksInPath().path
            guard visited.insert(real).inserted else { return }
            let entries: [URL]
            do {
                entries = try fileManager.contentsOfDirectory(at: folder, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
            } catch {
                if !relative.isEmpty { result.skipped.append(SkippedFile(relativePath: relative, reason: .unreadable, detail: "cannot list folder")) }
                return
            }
            for entry in entries.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
                let name = entry.lastPathComponent
                if name.hasPrefix(".") { continue }
                let path = relative.isEmpty ? name : "\(relative)/\(name)"
                // Resolve symlinks for the metadata; a dangling link is unreadable.
                let target = entry.resolvingSymlinksInPath()
                if excludedReal.contains(target.path) { continue }
                guard fileManager.fileExists(atPath: target.path), let values = try? target.resourceValues(forKeys: Set(keys)) else {
                    result.skipped.append(SkippedFile(relativePath: path, reason: .unreadable, detail: "cannot stat"))
                    continue
                }
                if values.isDirectory == true {
                    visit(entry, relative: path)
                    continue
                }
                guard values.isRegularFile == true else { continue }
                guard let format = DocumentFormat(pathExtension: entry.pathExtension) else {
                    result.skipped.append(SkippedFile(relativePath: path, reason: .unsupportedFormat, detail: nil))
                    continue
                }
                let size = values.fileSize ?? 0
                if size == 0 {
                    result.skipped.append(SkippedFile(relativePath: path, reason: .empty, detail: nil))
                    continue
                }
                result.files.append(DocumentFile(
                    url: entry, relativePath: path, size: size,
                    modified: values.contentModificationDate?.timeIntervalSince1970 ?? 0, format: format
                ))
            }
        }
        visit(root, relative: "")
        return result
    }
}

/// A document-level failure with a one-line message naming the path.
public struct DocumentError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
