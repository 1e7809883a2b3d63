import Foundation

/// What AlbertQA writes holds document text (the index) or the user's questions (the history):
/// files are created 0600 and folders 0700, whatever the umask, and nothing is ever written
/// through a symbolic link or over something that is not a regular file.
public enum PrivateFile {
    public static let fileMode: mode_t = 0o600
    public static let folderMode: mode_t = 0o700

    /// Creates `path` and its missing parent folders, each 0700. Folders that exist are left
    /// as they are (they may be the user's, like `~/.cache`).
    public static func createFolders(_ path: String) throws {
        var missing: [String] = []
        var current = (path as NSString).standardizingPath
        var status = stat()
        while stat(current, &status) != 0 {
            guard errno == ENOENT, current != "/", !current.isEmpty else {
                throw RetrievalError.cannotCreateFolder(path: path, reason: String(cString: strerror(errno)))
            }
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw RetrievalError.folderPartIsAFile(path: path, part: current) }
        for folder in missing.reversed() {
            guard mkdir(folder, folderMode) == 0 || errno == EEXIST else {
                throw RetrievalError.cannotCreateFolder(path: folder, reason: String(cString: strerror(errno)))
            }
            chmod(folder, folderMode)  // mkdir's mode is narrowed by the umask, never widened
        }
    }

    /// Creates a new, empty file (never an existing one, never through a link) with 0600, and
    /// returns its open descriptor.
    public static func createNew(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw RetrievalError.cannotCreateFile(path: path, reason: String(cString: strerror(errno))) }
        fchmod(descriptor, fileMode)
        return descriptor
    }

    /// Replaces `path` with `data` atomically: written to a new 0600 file beside it, then
    /// renamed over it. Refuses when `path` is anything but a regular file (a folder, a link).
    public static func write(_ data: Data, to path: String) throws {
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw RetrievalError.notRegularFile(path: path)
        }
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = try createNew(temporary)
        var written = 0
        let ok = data.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let count = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if count < 0 { if errno == EINTR { continue }; return false }
                written += count
            }
            return true
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard ok, synced, rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw RetrievalError.cannotWrite(path: path, reason: message)
        }
    }
}
