import Documents
import Foundation

/// A fingerprint of a file's bytes (FNV-1a's prime over 64-bit words, streamed in 1 MB reads,
/// so any size costs one pass and bounded memory), for documents that are slow to read again: an OCR'd file
/// whose mtime changed but whose bytes did not (copied without keeping times, checked out
/// again) keeps its text instead of being OCR'd again (seconds a page, against ~0.1 s to
/// fingerprint a 10 MB scan here).
enum FileFingerprint {
    /// Stored after the text's hash in the `documents.hash` column: "<text hash>:ocr-file:<fingerprint>".
    static let marker = ":ocr-file:"

    static func of(_ path: FileSystemPath) -> String? {
        let descriptor = path.open(O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return nil
            }
            if got == 0 { break }
            chunk.withUnsafeBytes { raw in
                // Eight bytes a step (a debug build hashed 1 MB/s byte by byte): xor, multiply
                // by the FNV prime, fold the high half down. Each step is a bijection of the
                // state, so a change to any one word always changes the result.
                var offset = 0
                while offset + 8 <= got {
                    hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x0000_0100_0000_01B3
                    hash ^= hash >> 32
                    offset += 8
                }
                while offset < got {
                    hash = (hash ^ UInt64(raw[offset])) &* 0x0000_0100_0000_01B3
                    offset += 1
                }
            }
        }
        return String(hash, radix: 16)
    }

    /// The fingerprint a stored hash carries, if the document was OCR'd.
    static func stored(in hash: String) -> String? {
        hash.range(of: marker).map { String(hash[$0.upperBound...]) }
    }
}
