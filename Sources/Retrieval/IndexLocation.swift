import Foundation

/// Where a folder's index lives by default: `$XDG_CACHE_HOME/albertqa/` (or
/// `~/.cache/albertqa/`), one database per folder, named from the folder's absolute path.
public enum IndexLocation {
    public static func defaultURL(for folder: URL) -> URL {
        let environment = ProcessInfo.processInfo.environment
        let cache: URL
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            cache = URL(fileURLWithPath: xdg)
        } else {
            cache = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".cache")
        }
        let absolute = folder.standardizedFileURL.resolvingSymlinksInPath().path
        let base = folder.standardizedFileURL.lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let name = "\(base.isEmpty ? "root" : String(base.prefix(40)))-\(String(ContentHash.fnv1a(Array(absolute.utf8)), radix: 16)).sqlite"
        return cache.appendingPathComponent("albertqa").appendingPathComponent(name)
    }
}

/// 64-bit FNV-1a: fast, dependency-free change detection (not cryptographic).
public enum ContentHash {
    public static func fnv1a<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    public static func hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { String(fnv1a($0), radix: 16) }
    }
}
