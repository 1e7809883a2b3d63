import Foundation

/// A `.safetensors` file: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw data. Every claim of the header is
/// checked against the file before a byte of data is read.
public struct SafeTensorsFile {
    public struct Entry: Sendable, Equatable {
        public let dtype: String
        public let shape: [Int]
        let begin: Int
        let end: Int
    }

    public let url: URL
    public let entries: [String: Entry]
    let data: Data
    private let dataStart: Int

    static var bytesPerElement: [String: Int] { CheckpointTensors.bytesPerElement }
    /// The largest header read. HF's format allows 100 MB, but ALBERT and BERT headers are under
    /// 50 KB, and Foundation's JSON parser takes about 4 KB of memory per entry (measured: a
    /// 63 MB header of a million junk entries took 4 GB and 20 s; 1 MiB takes < 100 MB).
    static let maxHeaderBytes = 1 << 20
    /// The most tensors a header may list (a 24-layer BERT has about 400).
    static let maxEntries = 10_000

    public init(contentsOf url: URL) throws {
        try self.init(data: ModelFile.map(url, what: "the weights"), url: url)
    }

    /// Parses a safetensors file held in `data`; `url` names it in errors.
    public init(data: Data, url: URL) throws {
        self.url = url
        self.data = data
        guard data.count >= 8 else {
            throw AlbertError.file(url, .tooShortForHeader(bytes: data.count))
        }
        let headerLength = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw AlbertError.file(url, .headerBeyondFile(headerBytes: headerLength, fileBytes: data.count))
        }
        guard headerLength <= UInt64(Self.maxHeaderBytes) else {
            throw AlbertError.file(url, .headerTooLarge(bytes: headerLength, limit: Self.maxHeaderBytes))
        }
        dataStart = 8 + Int(headerLength)
        let headerData = data.subdata(in: data.startIndex + 8..<data.startIndex + dataStart)
        guard let object = try? JSONSerialization.jsonObject(with: headerData), let header = object as? [String: Any] else {
            throw AlbertError.file(url, .headerNotJSON)
        }
        guard header.count <= Self.maxEntries + 1 else {
            throw AlbertError.file(url, .tooManyEntries(count: header.count, limit: Self.maxEntries))
        }
        let dataLength = data.count - dataStart
        var entries: [String: Entry] = [:]
        for (name, value) in header where name != "__metadata__" {
            entries[name] = try Self.entry(name, value, dataLength: dataLength, url: url)
        }
        self.entries = entries
    }

    /// Checks one header entry against the data: whole numbers only, no overflow (sizes are
    /// multiplied with overflow checks), and the byte range inside the file.
    private static func entry(_ name: String, _ value: Any, dataLength: Int, url: URL) throws -> Entry {
        let printable = String(name.unicodeScalars.prefix(200).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        guard let info = value as? [String: Any],
              let dtype = info["dtype"] as? String,
              let shape = integers(info["shape"]),
              let offsets = integers(info["data_offsets"]), offsets.count == 2
        else {
            throw AlbertError.file(url, .malformedEntry(tensor: printable))
        }
        guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[0] <= offsets[1] else {
            throw AlbertError.file(url, .negativeShapeOrOffsets(tensor: printable))
        }
        guard offsets[1] <= dataLength else {
            throw AlbertError.file(url, .tensorBeyondData(tensor: printable, end: offsets[1], dataBytes: dataLength))
        }
        if let size = bytesPerElement[dtype] {
            var expected = size
            for dimension in shape {
                let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
                guard !overflow else {
                    throw AlbertError.file(url, .shapeTooLarge(tensor: printable, shape: shape))
                }
                expected = product
            }
            guard expected == offsets[1] - offsets[0] else {
                throw AlbertError.file(url, .tensorByteCount(tensor: printable, dtype: dtype, shape: shape, needed: expected, given: offsets[1] - offsets[0]))
            }
        }
        return Entry(dtype: String(dtype.prefix(20)), shape: shape, begin: offsets[0], end: offsets[1])
    }

    /// A JSON array of whole numbers that fit an Int (not booleans, not 1.5, not 1e30), at most 8 of them.
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any], array.count <= 8 else { return nil }
        var result: [Int] = []
        for element in array {
            guard let integer = JSONNumber.integer(element) else { return nil }
            result.append(integer)
        }
        return result
    }

    /// Loads one tensor as Float32, checking its shape (`CheckpointTensors.tensor`).
    public func tensor(_ name: String, shape expected: [Int]) throws -> Tensor {
        try CheckpointTensors(self).tensor(name, shape: expected)
    }

    /// The entries as a checkpoint's, with byte offsets from the start of `data`, in `source`.
    func checkpointEntries(source: Int) -> [String: CheckpointTensors.Entry] {
        entries.mapValues {
            CheckpointTensors.Entry(dtype: $0.dtype, shape: $0.shape, source: source,
                                    begin: dataStart + $0.begin, end: dataStart + $0.end)
        }
    }
}
