import Foundation

/// Opens the files of a model directory safely: only regular files are read (a link to
/// /dev/zero, a FIFO, a socket or a folder is refused before a byte is read, and opening never
/// blocks), and small files only up to a size limit, so a hostile model directory costs
/// bounded time and memory.
enum ModelFile {
    /// The whole file, which must be a regular file of at most `limit` bytes.
    static func read(_ url: URL, what: String, limit: Int) throws -> Data {
        let (descriptor, size) = try open(url, what: what)
        defer { close(descriptor) }
        guard size <= limit else {
            throw AlbertError.file(url, .tooLarge(what: what, bytes: size, limit: limit))
        }
        var data = Data(count: size)
        var done = 0
        while done < size {
            let count = data.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + done, size - done) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw AlbertError.file(url, .unreadable(what: what, reason: count == 0 ? "it shrank while being read" : String(cString: strerror(errno))))
            }
            done += count
        }
        return data
    }

    /// The whole file mapped read-only (weights can be gigabytes; pages are read when used).
    static func map(_ url: URL, what: String) throws -> Data {
        let (descriptor, size) = try open(url, what: what)
        defer { close(descriptor) }
        guard size > 0 else { return Data() }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw AlbertError.file(url, .unmappable(what: what, reason: String(cString: strerror(errno))))
        }
        return Data(bytesNoCopy: address, count: size, deallocator: .custom { munmap($0, $1) })
    }

    /// Opens `url` without blocking (O_NONBLOCK: a FIFO would wait for a writer) and checks,
    /// on the opened descriptor, that it is a regular file; returns it with its size.
    static func open(_ url: URL, what: String) throws -> (Int32, Int) {
        let descriptor = Glibc.open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw AlbertError.file(url, .unreadable(what: what, reason: reason))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw AlbertError.file(url, .unreadable(what: what, reason: reason))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw AlbertError.file(url, .notRegularFile(what: what, kind: kind(status.st_mode)))
        }
        return (descriptor, Int(status.st_size))
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }
}
