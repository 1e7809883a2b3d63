import CSQLite
import Foundation

/// How AlbertQA proves that a file is its own index before it writes, rebuilds or replaces
/// anything there. Every index carries `applicationID` in its SQLite header (set when it is
/// created) and its schema version as `user_version`; the header is read with SQLite's own
/// file layer before any connection opens the file, so a file that is not ours — a folder, a
/// text file named `notes.db`, another program's database, an encrypted file, a device, a FIFO
/// — is refused with one line naming it, and nothing at all is written there: no `-journal`,
/// `-wal` or `-shm`, no lock file, no parent folder.
enum IndexFile {
    /// "AQA1": AlbertQA's SQLite application id (https://www.sqlite.org/fileformat.html#application_id).
    static let applicationID: Int32 = 0x4151_4131

    enum State: Equatable {
        /// Nothing at the path; its folder exists.
        case missing
        /// An SQLite file carrying AlbertQA's application id.
        case ours(userVersion: Int32)
        /// An index of AlbertQA before application ids (schema 2): an SQLite file whose `meta`
        /// table says `app = albertqa`, read without writing anything.
        case legacy
    }

    /// Inspects `path` without writing anything; throws `RetrievalError.notAnIndex` for anything that is not
    /// an AlbertQA index (or free room for one).
    static func inspect(_ path: String) throws -> State {
        func refuse(_ what: RetrievalError.NotAnIndex) -> RetrievalError { .notAnIndex(path: path, what) }
        var status = stat()
        guard lstat(path, &status) == 0 else {
            switch errno {
            case ENOENT:
                let folder = (path as NSString).deletingLastPathComponent
                var folderStatus = stat()
                guard stat(folder.isEmpty ? "." : folder, &folderStatus) == 0, folderStatus.st_mode & S_IFMT == S_IFDIR else {
                    throw RetrievalError.missingFolder(path: path, folder: folder)
                }
                return .missing
            case ENOTDIR: throw RetrievalError.pathPartNotAFolder(path: path)
            default: throw RetrievalError.uninspectable(path: path, reason: String(cString: strerror(errno)))
            }
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw refuse(.folder)
        case S_IFLNK: throw refuse(.symbolicLink)
        case S_IFIFO: throw refuse(.fifo)
        case S_IFCHR, S_IFBLK: throw refuse(.device)
        default: throw refuse(.notRegularFile)
        }
        if status.st_size == 0 { throw refuse(.emptyFile) }
        let header: [UInt8]
        do {
            header = try readHeader(path)
        } catch let RetrievalError.sqlite(_, _, message) {
            throw refuse(.unreadable(reason: message))
        }
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw refuse(.notSQLite)
        }
        let applicationID = bigEndianInt32(header, at: 68)
        if applicationID == Self.applicationID { return .ours(userVersion: bigEndianInt32(header, at: 60)) }
        if applicationID == 0, isLegacyIndex(path) { return .legacy }
        throw refuse(.otherProgramsDatabase)
    }

    private static func bigEndianInt32(_ bytes: [UInt8], at offset: Int) -> Int32 {
        Int32(bitPattern: bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) })
    }

    /// The first 100 bytes (the database header), read through SQLite's default VFS rather
    /// than `open`/`close`: closing a descriptor drops every POSIX lock the process holds on
    /// the file, including those of SQLite connections to it; SQLite's file layer defers that.
    static func readHeader(_ path: String) throws -> [UInt8] {
        guard let vfs = sqlite3_vfs_find(nil), let name = sqlite3_create_filename(path, "", "", 0, nil) else {
            throw RetrievalError.sqlite(path: nil, code: SQLITE_NOMEM, message: "no SQLite file layer")
        }
        defer { sqlite3_free_filename(name) }
        let size = max(Int(vfs.pointee.szOsFile), MemoryLayout<sqlite3_file>.size)
        let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer { memory.deallocate() }
        let file = memory.assumingMemoryBound(to: sqlite3_file.self)
        var outFlags: Int32 = 0
        let flags = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW
        let opened = vfs.pointee.xOpen(vfs, name, file, flags, &outFlags)
        guard opened == SQLITE_OK, let methods = file.pointee.pMethods else {
            throw RetrievalError.sqlite(path: nil, code: opened, message: String(cString: strerror(errno)))
        }
        defer { _ = methods.pointee.xClose(file) }
        var header = [UInt8](repeating: 0, count: 100)
        let read = header.withUnsafeMutableBytes { methods.pointee.xRead(file, $0.baseAddress, 100, 0) }
        if read == SQLITE_IOERR | (2 << 8) { return [] }  // SQLITE_IOERR_SHORT_READ: under 100 bytes
        guard read == SQLITE_OK else { throw RetrievalError.sqlite(path: nil, code: read, message: "I/O error") }
        return header
    }

    /// Whether an SQLite file without an application id is an index of AlbertQA before
    /// application ids: opened `immutable` (no locks, no journal, nothing written) to read its
    /// `meta` table.
    private static func isLegacyIndex(_ path: String) -> Bool {
        guard let database = try? SQLiteDatabase(existingFile: path, readOnly: true),
              let statement = try? database.prepare("SELECT value FROM meta WHERE key = 'app'"),
              (try? statement.step()) == true else { return false }
        return statement.text(0) == "albertqa"
    }

    /// Creates a new index at `path`, atomically: the schema is written to a new 0600 file
    /// beside it, which is linked into place only when complete, so the path only ever holds a
    /// whole index carrying the application id (a run killed meanwhile leaves no half-made
    /// file there). If another process created the index first, its index stays and this
    /// returns false.
    static func create(_ path: String, schema: (SQLiteDatabase) throws -> Void) throws -> Bool {
        let temporary = path + "-new-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        let descriptor = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, PrivateFile.fileMode)
        guard descriptor >= 0 else { throw RetrievalError.cannotCreateIndex(path: path, reason: String(cString: strerror(errno))) }
        fchmod(descriptor, PrivateFile.fileMode)
        close(descriptor)
        defer { unlink(temporary) }
        do {
            let database = try SQLiteDatabase(existingFile: temporary)
            // The journal stays in memory: nothing but the file itself is written beside it.
            try database.execute("PRAGMA journal_mode = MEMORY")
            try schema(database)
        }
        if link(temporary, path) == 0 { return true }
        switch errno {
        case EEXIST:
            return false
        case EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK:
            // A file system without hard links: rename, which is atomic too but would replace
            // a file created in the meantime, so look once more just before.
            var status = stat()
            if lstat(path, &status) == 0 { return false }
            guard rename(temporary, path) == 0 else { throw RetrievalError.cannotCreateIndex(path: path, reason: String(cString: strerror(errno))) }
            return true
        default:
            throw RetrievalError.cannotCreateIndex(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// The files SQLite and AlbertQA keep beside an index (excluded from the walk).
    static func companions(of path: String) -> [String] {
        [path, path + "-wal", path + "-shm", path + "-journal", IndexLock.path(for: path), path + ".history"]
    }
}
