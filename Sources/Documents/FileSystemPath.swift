import Foundation

/// A path as the file system spells it: bytes, not text. File names on Linux are byte strings;
/// two names that differ only in Unicode normalisation (`café` as NFC and NFD) are two files, and a
/// name need not be valid UTF-8. Swift's `String ==` compares canonically equivalent text as
/// equal, so paths are kept, compared and stored as these bytes and shown with `description`.
public struct FileSystemPath: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(_ string: String) { bytes = Array(string.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// For display only: invalid UTF-8 becomes U+FFFD.
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    public var isValidUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }

    public func appending(_ component: [UInt8]) -> FileSystemPath {
        var joined = bytes
        if joined.last != UInt8(ascii: "/") { joined.append(UInt8(ascii: "/")) }
        joined += component
        return FileSystemPath(bytes: joined)
    }

    /// The part after the last ".", lowercased (ASCII), of the last component.
    public var pathExtension: String {
        let name = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? []
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > name.startIndex else { return "" }
        return String(decoding: name[(dot + 1)...], as: UTF8.self).lowercased()
    }

    public static func < (a: FileSystemPath, b: FileSystemPath) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    /// `open(2)` for this path. Paths longer than the kernel's PATH_MAX (deep folders) are
    /// opened one folder at a time with `openat`, so no document is out of reach. Returns the
    /// descriptor, or -1 with `errno` set.
    public func open(_ flags: Int32, mode: mode_t = 0) -> Int32 {
        if bytes.count < Int(PATH_MAX) - 1 {
            return withCString { Glibc.open($0, flags, mode) }
        }
        let absolute = bytes.first == UInt8(ascii: "/")
        var directory = absolute ? Glibc.open("/", openPathOnly | O_DIRECTORY | O_CLOEXEC) : AT_FDCWD
        let components = bytes.split(separator: UInt8(ascii: "/")).map(Array.init)
        for (i, component) in components.enumerated() {
            let last = i == components.count - 1
            var name = component
            name.append(0)
            let next = name.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    openat(directory, $0, last ? flags : (openPathOnly | O_DIRECTORY | O_CLOEXEC), mode)
                }
            }
            let saved = errno
            if directory >= 0, directory != AT_FDCWD { close(directory) }
            errno = saved
            guard next >= 0 else { return -1 }
            directory = next
        }
        return directory
    }

    /// The path as a NUL-terminated C string (file names never contain NUL).
    public func withCString<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        var terminated = bytes
        terminated.append(0)
        return try terminated.withUnsafeBufferPointer { buffer in
            try buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count, body)
        }
    }
}

/// Linux's O_PATH (Glibc hides it without _GNU_SOURCE): a folder opened only to be walked
/// through needs search permission, not read permission.
private let openPathOnly: Int32 = 0o10000000
