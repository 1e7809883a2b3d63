import Foundation

/// Serialises the writers of one index, across processes and threads: an exclusive `flock` on
/// `<index>-lock`, held for a whole update (or rebuild). Without it two `albertqa index` runs
/// both listed the documents, both inserted the same new ones and one failed with "UNIQUE
/// constraint failed". Readers do not take it: SQLite's WAL mode lets them search while a
/// writer works. The lock is a file of its own because closing a descriptor of the database
/// itself would drop SQLite's POSIX locks on it. It is created 0600 and never deleted
/// (deleting a lock file lets two processes lock two different files).
final class IndexLock {
    let path: String
    private var descriptor: Int32 = -1

    static func path(for indexPath: String) -> String { indexPath + "-lock" }

    init(indexPath: String) { path = Self.path(for: indexPath) }

    deinit { release() }

    var isHeld: Bool { descriptor >= 0 }

    /// Takes the lock. With `wait`, polls until it is free (calling `onWait` once) or
    /// `isCancelled`; without, gives up at once. Returns whether the lock is held.
    func acquire(wait: Bool, isCancelled: () -> Bool = { false }, onWait: (() -> Void)? = nil) throws -> Bool {
        if isHeld { return true }
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, PrivateFile.fileMode)
        guard fd >= 0 else { throw RetrievalError.cannotOpenLock(path: path, reason: String(cString: strerror(errno))) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw RetrievalError.notRegularFile(path: path)
        }
        var waited = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let message = String(cString: strerror(errno))
                close(fd)
                throw RetrievalError.cannotLock(path: path, reason: message)
            }
            guard wait, !isCancelled() else {
                close(fd)
                return false
            }
            if !waited {
                waited = true
                onWait?()
            }
            usleep(50_000)
        }
        descriptor = fd
        return true
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }
}
