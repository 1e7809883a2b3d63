import CAlbertKernels
import Foundation

/// A checkpoint's tensors by name — dtype, shape and where their bytes lie — whatever file
/// format holds them: `model.safetensors`, sharded safetensors (`model.safetensors.index.json`
/// and its shards) or PyTorch's `pytorch_model.bin` (`TorchCheckpoint`). Every byte range was
/// checked against its file when the entry was made, so loading a tensor only converts it.
/// The layers (Linear, LayerNorm, embeddings) read their weights through this one type.
public struct CheckpointTensors {
    public struct Entry: Sendable, Equatable {
        /// safetensors' names: F32, F16, BF16 (loadable), or I64, U8, … (listed, not loadable).
        public let dtype: String
        public let shape: [Int]
        /// Which of `sources` holds the bytes, and where in it (absolute byte offsets).
        let source: Int
        let begin: Int
        let end: Int
    }

    /// One file's bytes (mapped or read) and its path, named in errors about its tensors.
    struct Source {
        let url: URL
        let data: Data
    }

    /// The file that stands for the checkpoint in errors about a tensor it lacks.
    public let url: URL
    public let entries: [String: Entry]
    let sources: [Source]

    /// Bytes per element of the dtypes the layers load.
    static let bytesPerElement = ["F32": 4, "F16": 2, "BF16": 2]

    init(url: URL, entries: [String: Entry], sources: [Source]) {
        self.url = url
        self.entries = entries
        self.sources = sources
    }

    /// One safetensors file's tensors.
    public init(_ file: SafeTensorsFile) {
        self.init(url: file.url, entries: file.checkpointEntries(source: 0), sources: [Source(url: file.url, data: file.data)])
    }

    /// Loads one tensor as Float32, checking its shape and that every value is finite.
    public func tensor(_ name: String, shape expected: [Int]) throws -> Tensor {
        guard let entry = entries[name] else {
            throw AlbertError.file(url, .missingTensor(name))
        }
        let source = sources[entry.source]
        guard entry.shape == expected else {
            throw AlbertError.file(source.url, .tensorShape(name, actual: entry.shape, expected: expected))
        }
        guard let size = Self.bytesPerElement[entry.dtype] else {
            throw AlbertError.file(source.url, .tensorDType(name, dtype: entry.dtype))
        }
        let tensor = Tensor(zeros: expected)
        // The entry's byte count was checked against its shape when it was made; checked again
        // here because a tensor is only ever copied into a buffer of exactly its size.
        precondition(entry.end - entry.begin == tensor.count * size && entry.end <= source.data.count)
        source.data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard tensor.count > 0 else { return }
            let bytes = raw.baseAddress!.advanced(by: entry.begin)
            switch entry.dtype {
            case "F32":
                memcpy(tensor.pointer, bytes, tensor.count * 4)
            default:
                // The source may be unaligned inside the mapping; copy through an aligned buffer.
                let halves = UnsafeMutablePointer<UInt16>.allocate(capacity: tensor.count)
                defer { halves.deallocate() }
                memcpy(halves, bytes, tensor.count * 2)
                if entry.dtype == "F16" {
                    albert_f16_to_f32(halves, tensor.pointer, tensor.count)
                } else {
                    albert_bf16_to_f32(halves, tensor.pointer, tensor.count)
                }
            }
        }
        guard Self.allFinite(tensor) else {
            throw AlbertError.file(source.url, .tensorNotFinite(name))
        }
        return tensor
    }

    /// A weight that is NaN or infinite makes every score NaN, so it is refused at load, by
    /// name. In C (`albert_all_finite`, an exponent-bits test the compiler vectorises), so that
    /// it is fast in debug builds too.
    static func allFinite(_ tensor: Tensor) -> Bool {
        albert_all_finite(tensor.pointer, tensor.count) != 0
    }

    /// The number of bytes `shape` takes at `elementBytes` each, nil when it overflows an Int
    /// (or a dimension is negative).
    static func byteCount(_ shape: [Int], elementBytes: Int) -> Int? {
        var total = elementBytes
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            total = product
        }
        return total
    }
}
