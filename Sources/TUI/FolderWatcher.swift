import Documents
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches a folder tree with inotify so the interface can re-index files as they change
/// (a living folder): one watch per folder, new folders watched as they appear. Only events on
/// documents AlbertQA reads count (hidden files, editors' swap and backup files, and the
/// index's own files are ignored, so writing the index never triggers itself).
final class FolderWatcher {
    /// inotify watches are a per-user kernel resource (fs.inotify.max_user_watches, often
    /// 8192); a folder needing more is not watched and is checked before each question instead.
    static let maximumWatches = 4096

    private let descriptor: Int32
    private var watchedFolders: [Int32: String] = [:]
    /// Real paths watched (symlinked folders are watched once) and each watch's real path.
    private var realPaths: Set<String> = []
    private var realPathOfWatch: [Int32: String] = [:]
    private let ignoredPaths: Set<String>
    /// Why the folder is not (fully) watched, if it is not.
    private(set) var limitation: String?

    var watchCount: Int { watchedFolders.count }

    init?(folder: URL, ignoring ignoredPaths: Set<String>) {
        #if os(Linux)
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        #else
        descriptor = -1
        #endif
        guard descriptor >= 0 else { return nil }
        self.ignoredPaths = ignoredPaths
        addTree(folder.path)
        if watchedFolders.isEmpty {
            close(descriptor)
            return nil
        }
    }

    deinit { close(descriptor) }

    private func addTree(_ path: String) {
        #if os(Linux)
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard realPaths.insert(real).inserted else { return }  // symlink loops
        guard watchedFolders.count < Self.maximumWatches else {
            limitation = "more than \(Self.maximumWatches) folders: changes are found before each question instead"
            return
        }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_DELETE_SELF | IN_ATTRIB)
        let watch = inotify_add_watch(descriptor, path, mask)
        guard watch >= 0 else {
            limitation = "the system's inotify limit was reached (\(String(cString: strerror(errno)))): changes are found before each question instead"
            return
        }
        watchedFolders[watch] = path
        realPathOfWatch[watch] = real
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in entries where !name.hasPrefix(".") {
            let child = (path as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory), isDirectory.boolValue { addTree(child) }
        }
        #endif
    }

    /// Whether a changed name can matter to the index: a document format, or a folder.
    private func matters(_ name: String, isDirectory: Bool, in folder: String) -> Bool {
        if name.hasPrefix(".") { return false }
        if ignoredPaths.contains((folder as NSString).appendingPathComponent(name)) { return false }
        // Source code counts (whether or not it is read): a needless re-index finds nothing changed.
        return isDirectory || DocumentFormat(fileName: name, optedIn: true) != nil
    }

    /// Reads the events waiting (never blocks); true when a document may have changed.
    func poll() -> Bool {
        #if os(Linux)
        var changed = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[len]; }
            while offset + 16 <= count {
                let (watch, mask, length) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset += 16 + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { changed = true; continue }
                guard let folder = watchedFolders[watch] else { continue }
                if mask & UInt32(IN_IGNORED) != 0 || mask & UInt32(IN_DELETE_SELF) != 0 {
                    if mask & UInt32(IN_IGNORED) != 0 {
                        // The folder is gone: forget it, so a new one at the same path is watched.
                        watchedFolders[watch] = nil
                        if let real = realPathOfWatch.removeValue(forKey: watch) { realPaths.remove(real) }
                    }
                    changed = true
                    continue
                }
                let isDirectory = mask & UInt32(IN_ISDIR) != 0
                guard matters(name, isDirectory: isDirectory, in: folder) else { continue }
                if isDirectory, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    addTree((folder as NSString).appendingPathComponent(name))
                }
                changed = true
            }
        }
        return changed
        #else
        return false
        #endif
    }
}
