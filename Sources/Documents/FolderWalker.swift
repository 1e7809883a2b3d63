import Foundation

/// A file found in the folder, known by its metadata only (nothing read yet).
public struct DocumentFile: Sendable, Equatable {
    /// The file's path as the file system spells it (see `FileSystemPath`).
    public var path: FileSystemPath
    /// Path relative to the folder, "/"-separated bytes: the document's identity in the index.
    public var relativePathBytes: [UInt8]
    /// `relativePathBytes` for display (invalid UTF-8 shown as U+FFFD).
    public var relativePath: String { String(decoding: relativePathBytes, as: UTF8.self) }
    public var size: Int
    /// Modification time, seconds since 1970.
    public var modified: Double
    public var format: DocumentFormat

    public init(path: FileSystemPath, relativePathBytes: [UInt8], size: Int, modified: Double, format: DocumentFormat) {
        self.path = path
        self.relativePathBytes = relativePathBytes
        self.size = size
        self.modified = modified
        self.format = format
    }
}

/// Why a file was not indexed.
public enum SkipReason: String, Sendable, CaseIterable, Codable {
    case unsupportedFormat = "unsupported_format"
    case binary
    case empty
    case unreadable
    /// The tool that reads the format is not installed; the detail names the Debian package.
    case toolMissing = "tool_missing"
    /// A scan (an image, or PDF pages without a text layer) and no OCR tool installed.
    case needsOCR = "needs_ocr"
    /// A password-protected document (a PDF with a user password, or that forbids copying).
    case encrypted
    /// Its tool ran past the time limit (`ToolSettings`) and was killed.
    case timeout
    /// Larger than the text size limit per file (`DocumentLoader.defaultMaxFileBytes`), or an
    /// archive-based file that unpacks to more than its limits (a zip bomb, or simply huge).
    case tooLarge = "too_large"
}

public struct SkippedFile: Sendable, Equatable {
    public var relativePath: String
    public var reason: SkipReason
    public var detail: String?

    public init(relativePath: String, reason: SkipReason, detail: String? = nil) {
        self.relativePath = relativePath
        self.reason = reason
        self.detail = detail
    }
}

/// Lists the documents under a folder: recursive, hidden files and folders skipped, symbolic
/// links followed (to files and to folders, inside or outside the folder) with every real
/// folder visited once, so link loops end; chosen files excluded (the index and its companions).
/// Works on the file system's bytes, so names in any normalisation or encoding are found, and
/// folder by folder with `openat`, so folders nested deeper than PATH_MAX are walked too. Every
/// entry that is not indexed is reported in `skipped` (nothing goes missing silently).
public enum FolderWalker {
    public struct Result: Sendable {
        public var files: [DocumentFile] = []
        public var skipped: [SkippedFile] = []
    }

    private struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    /// `sourceCode`: program source is read too (`DocumentFormat.sourceCode`, opt-in).
    public static func walk(_ root: URL, excluding excluded: Set<String> = [], sourceCode: Bool = false) throws -> Result {
        try walk(FileSystemPath(root.path), excluding: Set(excluded.map(FileSystemPath.init)), sourceCode: sourceCode)
    }

    public static func walk(_ root: FileSystemPath, excluding excluded: Set<FileSystemPath>, sourceCode: Bool = false) throws -> Result {
        var rootStatus = stat()
        guard root.withCString({ stat($0, &rootStatus) }) == 0 else {
            throw errno == ENOENT ? DocumentError.noSuchFolder(root) : DocumentError.unreadableFolder(root, reason: String(cString: strerror(errno)))
        }
        guard rootStatus.st_mode & S_IFMT == S_IFDIR else { throw DocumentError.notAFolder(root) }
        var walk = Walk(root: (root, [], FileID(rootStatus)), excluded: excluded, sourceCode: sourceCode)
        walk.run()
        return walk.result
    }

    /// A folder to list: its path, its path relative to the root, and its identity.
    private typealias Pending = (path: FileSystemPath, relative: [UInt8], id: FileID)

    /// `walk`'s state: what was found, the folders listed, and the folders still to list.
    private struct Walk {
        let excluded: Set<FileSystemPath>
        /// Excluded files are recognised by identity too: the folder may be reached through a link.
        let excludedIDs: Set<FileID>
        var result = Result()
        var visited: Set<FileID> = []
        // Real folders first, folders reached through links after: a link to a folder inside
        // the tree then finds it visited, and its files keep their real paths. A folder is
        // marked visited when it is listed, so link loops end.
        var folders: [Pending]
        var linkedFolders: [Pending] = []

        /// Program source is read (opt-in).
        let sourceCode: Bool

        init(root: Pending, excluded: Set<FileSystemPath>, sourceCode: Bool) {
            self.excluded = excluded
            self.sourceCode = sourceCode
            var excludedIDs = Set<FileID>()
            for path in excluded {
                var status = stat()
                if path.withCString({ stat($0, &status) }) == 0 { excludedIDs.insert(FileID(status)) }
            }
            self.excludedIDs = excludedIDs
            folders = [root]
        }

        mutating func run() {
            while let folder = folders.popLast() ?? linkedFolders.popLast() {
                guard visited.insert(folder.id).inserted else { continue }
                list(folder)
            }
        }

        /// Adds the folder's files and skips to the result and its subfolders to the folders to list.
        mutating func list(_ folder: Pending) {
            let descriptor = folder.path.open(O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0, let directory = fdopendir(descriptor) else {
                if descriptor >= 0 { close(descriptor) }
                result.skipped.append(SkippedFile(relativePath: folder.relative.isEmpty ? "." : String(decoding: folder.relative, as: UTF8.self),
                                                  reason: .unreadable, detail: "cannot list folder: \(String(cString: strerror(errno)))"))
                return
            }
            var subfolders: [Pending] = []
            var linkedSubfolders: [Pending] = []
            for name in Self.visibleNames(directory) {
                let path = folder.path.appending(name)
                let relativePath = folder.relative.isEmpty ? name : folder.relative + [UInt8(ascii: "/")] + name
                let shown = String(decoding: relativePath, as: UTF8.self)
                guard let (target, isLink) = status(of: name, in: directory, shown: shown) else { continue }
                if excluded.contains(path) || excludedIDs.contains(FileID(target)) { continue }
                switch target.st_mode & S_IFMT {
                case S_IFDIR:
                    if visited.contains(FileID(target)) { continue }  // a link back up: a loop
                    if isLink {
                        linkedSubfolders.append((path, relativePath, FileID(target)))
                    } else {
                        subfolders.append((path, relativePath, FileID(target)))
                    }
                case S_IFREG:
                    addFile(name, path: path, relativePath: relativePath, shown: shown, target)
                default:
                    // A FIFO, socket or device: never opened (reading one could block or never end).
                    let supported = DocumentFormat(fileName: String(decoding: name, as: UTF8.self), optedIn: sourceCode) != nil
                    result.skipped.append(SkippedFile(relativePath: shown, reason: supported ? .unreadable : .unsupportedFormat,
                                                      detail: supported ? "not a regular file" : nil))
                }
            }
            closedir(directory)
            // Popped from the end: push in reverse to walk subfolders in name order.
            folders += subfolders.reversed()
            linkedFolders += linkedSubfolders.reversed()
        }

        /// The folder's entry names in byte order, without hidden ones (nor "." and "..").
        static func visibleNames(_ directory: OpaquePointer) -> [[UInt8]] {
            var names: [[UInt8]] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
                // Hidden files and folders (and "." and "..") are not documents.
                if name.first == UInt8(ascii: ".") { continue }
                names.append(name)
            }
            names.sort { $0.lexicographicallyPrecedes($1) }
            return names
        }

        /// The status of the entry, of its target when it is a link; nil, with the entry
        /// skipped, when it cannot be read or the link leads nowhere.
        mutating func status(of name: [UInt8], in directory: OpaquePointer, shown: String) -> (target: stat, isLink: Bool)? {
            var link = stat(), target = stat()
            guard fstatat(dirfd(directory), name.map { CChar(bitPattern: $0) } + [0], &link, AT_SYMLINK_NOFOLLOW) == 0 else {
                result.skipped.append(SkippedFile(relativePath: shown, reason: .unreadable, detail: "cannot stat: \(String(cString: strerror(errno)))"))
                return nil
            }
            let isLink = link.st_mode & S_IFMT == S_IFLNK
            if isLink {
                guard fstatat(dirfd(directory), name.map { CChar(bitPattern: $0) } + [0], &target, 0) == 0 else {
                    result.skipped.append(SkippedFile(relativePath: shown, reason: .unreadable, detail: "broken or looping link"))
                    return nil
                }
            } else {
                target = link
            }
            return (target, isLink)
        }

        /// A regular file is a document when its format is known and it is not empty.
        mutating func addFile(_ name: [UInt8], path: FileSystemPath, relativePath: [UInt8], shown: String, _ target: stat) {
            let fileName = String(decoding: name, as: UTF8.self)
            guard let format = DocumentFormat(fileName: fileName, optedIn: sourceCode) else {
                // Source code is a format the user may ask for: the skip says how.
                let optIn = DocumentFormat(fileName: fileName, optedIn: true)?.isOptIn == true
                result.skipped.append(SkippedFile(relativePath: shown, reason: .unsupportedFormat,
                                                  detail: optIn ? "source code: read with --source-code (config: source_code = on)" : nil))
                return
            }
            if target.st_size == 0 {
                result.skipped.append(SkippedFile(relativePath: shown, reason: .empty))
                return
            }
            let modified = Double(target.st_mtim.tv_sec) + Double(target.st_mtim.tv_nsec) / 1e9
            result.files.append(DocumentFile(path: path, relativePathBytes: relativePath, size: Int(target.st_size),
                                             modified: modified, format: format))
        }
    }
}
