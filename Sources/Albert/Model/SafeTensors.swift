import CAlbertKernels
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
    private let data: Data
    private let dataStart: Int

    static let bytesPerElement = ["F32": 4, "F16": 2, "BF16": 2]

    public init(contentsOf url: URL) throws {
        self.url = url
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw AlbertError.file(url, "cannot read the weights (\(FileManager.default.fileExists(atPath: url.path) ? "unreadable" : "no such file"))")
        }
        guard data.count >= 8 else {
            throw AlbertError.file(url, "truncated: \(data.count) bytes, too short for a safetensors header")
        }
        let headerLength = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(data.count - 8), headerLength <= 100_000_000 else {
            throw AlbertError.file(url, "truncated or not safetensors: header claims \(headerLength) bytes, file has \(data.count)")
        }
        dataStart = 8 + Int(headerLength)
        let headerData = data.subdata(in: 8..<dataStart)
        guard let object = try? JSONSerialization.jsonObject(with: headerData), let header = object as? [String: Any] else {
            throw AlbertError.file(url, "the safetensors header is not valid JSON")
        }
        let dataLength = data.count - dataStart
        var entries: [String: Entry] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any],
                  let dtype = info["dtype"] as? String,
                  let shape = (info["shape"] as? [NSNumber])?.map(\.intValue),
                  let offsets = (info["data_offsets"] as? [NSNumber])?.map(\.intValue), offsets.count == 2
            else {
                throw AlbertError.file(url, "tensor \(name): malformed header entry")
            }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw AlbertError.file(url, "tensor \(name): negative shape or offsets")
            }
            guard offsets[1] <= dataLength else {
                throw AlbertError.file(url, "truncated: tensor \(name) ends at byte \(offsets[1]) of \(dataLength) data bytes")
            }
            if let size = Self.bytesPerElement[dtype] {
                let expected = shape.reduce(size, *)
                guard expected == offsets[1] - offsets[0] else {
                    throw AlbertError.file(url, "tensor \(name): \(dtype) \(shape) needs \(expected) bytes, header gives \(offsets[1] - offsets[0])")
                }
            }
            entries[name] = Entry(dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
        }
        self.entries = entries
    }

    /// Loads one tensor as Float32, checking its shape.
    public func tensor(_ name: String, shape expected: [Int]) throws -> Tensor {
        guard let entry = entries[name] else {
            throw AlbertError.file(url, "missing tensor \(name)")
        }
        guard entry.shape == expected else {
            throw AlbertError.file(url, "tensor \(name) has shape \(entry.shape), expected \(expected)")
        }
        if Self.bytesPerElement[entry.dtype] == nil {
            throw AlbertError.file(url, "tensor \(name) has dtype \(entry.dtype); only F32, F16 and BF16 are supported")
        }
        let tensor = Tensor(zeros: expected)
        let start = dataStart + entry.begin
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let source = raw.baseAddress!.advanced(by: start)
            switch entry.dtype {
            case "F32":
                memcpy(tensor.pointer, source, tensor.count * 4)
            case "F16":
                // The source may be unaligned inside the mapping; copy through an aligned buffer.
                let halves = UnsafeMutablePointer<UInt16>.allocate(capacity: tensor.count)
                defer { halves.deallocate() }
                memcpy(halves, source, tensor.count * 2)
                albert_f16_to_f32(halves, tensor.pointer, tensor.count)
            default:
                let halves = UnsafeMutablePointer<UInt16>.allocate(capacity: tensor.count)
                defer { halves.deallocate() }
                memcpy(halves, source, tensor.count * 2)
                albert_bf16_to_f32(halves, tensor.pointer, tensor.count)
            }
        }
        return tensor
    }
}
