import Foundation
import Synchronization

/// An empty index this run created must not outlive a failed command.
enum FailureCleanup {
    private static let created = Mutex<[URL]>([])

    /// Remembers `database` if it does not exist yet: this run creates it, so it is ours (with
    /// its SQLite side files and the folders created for it).
    static func removeIfCreated(_ database: URL) {
        guard !FileManager.default.fileExists(atPath: database.path) else { return }
        var folders: [URL] = []
        var folder = database.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.path), folder.path != "/" {
            folders.append(folder)
            folder.deleteLastPathComponent()
        }
        let files = [database] + ["-wal", "-shm", "-journal", "-lock"].map { URL(fileURLWithPath: database.path + $0) }
            .filter { !FileManager.default.fileExists(atPath: $0.path) }
        created.withLock { $0 += folders.reversed() + files }
    }

    /// The index now holds documents: a later failure keeps it.
    static func keep(_ database: URL) {
        created.withLock { $0.removeAll { $0.path.hasPrefix(database.path) || database.path.hasPrefix($0.path + "/") } }
    }

    /// After a failure: removes the files this run created (a folder only if left empty) —
    /// only while no other process uses the index: the removal holds the writers' lock
    /// (`<index>-lock`, taken without waiting), and when another albertqa holds it everything
    /// stays.
    static func run() {
        let urls = created.withLock { $0 }
        guard !urls.isEmpty else { return }
        var lockDescriptor: Int32 = -1
        if let lock = urls.first(where: { $0.path.hasSuffix("-lock") }) {
            lockDescriptor = open(lock.path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
            if lockDescriptor >= 0, flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
                close(lockDescriptor)
                return  // another process is writing this index: it is not ours to remove now
            }
        }
        defer { if lockDescriptor >= 0 { close(lockDescriptor) } }
        for url in urls.reversed() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue { rmdir(url.path) } else { unlink(url.path) }
        }
    }
}
