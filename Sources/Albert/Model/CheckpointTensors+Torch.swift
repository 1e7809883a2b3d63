import Documents
import Foundation

extension CheckpointTensors {
    /// The largest `data.pkl` read (a 400-tensor BERT-large's is about 40 KB).
    static let maxPickleBytes = 64 << 20

    /// PyTorch's `pytorch_model.bin`: a ZIP (torch.save since 1.6) of `<top>/data.pkl`, the
    /// state dict's pickle, and `<top>/data/<key>`, one entry per storage, stored uncompressed.
    /// The pickle is read by `StateDictUnpickler` (nothing executed); every tensor's view is
    /// checked against its storage's bytes. The entries are read into memory, at most about
    /// the file's size (torch stores them uncompressed, so more would be a ZIP bomb).
    init(torchCheckpoint url: URL) throws {
        let (descriptor, size) = try ModelFile.open(url, what: "the weights")
        defer { close(descriptor) }
        var magic = [UInt8](repeating: 0, count: 4)
        let got = magic.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 4, 0) }
        guard got == 4, magic == [0x50, 0x4B, 0x03, 0x04] else {
            // The legacy format (before torch 1.6) is a pickle stream: it starts with PROTO.
            throw AlbertError.file(url, got >= 1 && magic[0] == 0x80 ? .legacyTorchFile : .notTorchArchive(reason: "it does not start like a ZIP"))
        }
        var limits = ZipArchive.Limits()
        limits.maxEntries = 4 * SafeTensorsFile.maxEntries
        limits.maxEntryBytes = size
        limits.maxTotalBytes = size + (1 << 20)
        let files: [String: [UInt8]]
        do {
            files = try ZipArchive.read(descriptor: descriptor, limits: limits, wanted: Self.isCheckpointEntry)
        } catch {
            switch error {
            case let .unreadable(reason), let .tooLarge(reason): throw AlbertError.file(url, .notTorchArchive(reason: reason))
            }
        }
        let pickles = files.keys.filter { $0.hasSuffix("/data.pkl") }
        guard pickles.count == 1, let pickle = files[pickles[0]] else {
            throw AlbertError.file(url, .notTorchArchive(reason: "\(pickles.count) data.pkl entries, not one"))
        }
        let top = String(pickles[0].dropLast("data.pkl".count))
        if let order = files[top + "byteorder"], order != Array("little".utf8) {
            throw AlbertError.file(url, .notTorchArchive(reason: "its byte order is not little-endian"))
        }
        guard pickle.count <= Self.maxPickleBytes else {
            throw AlbertError.file(url, .tooLarge(what: "data.pkl", bytes: pickle.count, limit: Self.maxPickleBytes))
        }
        let records: [(name: String, tensor: StateDictUnpickler.TensorRecord)]
        do {
            records = try StateDictUnpickler.tensors(in: pickle)
        } catch {
            switch error {
            case let .refused(reason): throw AlbertError.file(url, .pickleRefused(reason))
            case let .malformed(reason): throw AlbertError.file(url, .pickleMalformed(reason))
            }
        }
        var sources: [Source] = []
        var sourceOfKey: [String: Int] = [:]
        var entries: [String: Entry] = [:]
        for (name, record) in records {
            let printable = Self.printable(name)
            guard entries[name] == nil else { throw AlbertError.file(url, .pickleMalformed("tensor \(printable) appears twice")) }
            let storage = record.storage
            guard let bytes = files[top + "data/" + storage.key] else {
                throw AlbertError.file(url, .notTorchArchive(reason: "no storage data/\(storage.key) for tensor \(printable)"))
            }
            let elementBytes = storage.dtype.elementBytes
            guard let storageBytes = Self.byteCount([storage.elements], elementBytes: elementBytes), storageBytes <= bytes.count else {
                throw AlbertError.file(url, .storageTooSmall(key: storage.key, elements: storage.elements, bytes: bytes.count))
            }
            guard record.stride == Self.contiguousStrides(record.shape, given: record.stride) else {
                throw AlbertError.file(url, .nonContiguousTensor(tensor: printable, shape: record.shape, stride: record.stride))
            }
            guard let viewBytes = Self.byteCount(record.shape, elementBytes: elementBytes),
                  case let (begin, false) = record.offset.multipliedReportingOverflow(by: elementBytes),
                  case let (end, false) = begin.addingReportingOverflow(viewBytes), end <= storageBytes
            else {
                throw AlbertError.file(url, .tensorOutsideStorage(tensor: printable, offset: record.offset, shape: record.shape, elements: storage.elements))
            }
            if sourceOfKey[storage.key] == nil {
                sourceOfKey[storage.key] = sources.count
                sources.append(Source(url: url, data: Data(bytes)))
            }
            entries[name] = Entry(dtype: storage.dtype.safetensorsName, shape: record.shape, source: sourceOfKey[storage.key]!, begin: begin, end: end)
        }
        self.init(url: url, entries: entries, sources: sources)
    }

    /// The entries a checkpoint needs (`<top>/data.pkl`, `<top>/data/<key>`, `<top>/byteorder`),
    /// one folder deep; the rest (`version`, `.data/serialization_id`, …) is skipped unread.
    private static func isCheckpointEntry(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 2: return parts[1] == "data.pkl" || parts[1] == "byteorder"
        case 3: return parts[1] == "data" && !parts[2].isEmpty
        default: return false
        }
    }

    /// The strides of a row-major (contiguous) tensor of `shape`; a dimension of size 1 (or a
    /// tensor with no elements) takes whatever stride was given, as torch's own test does.
    static func contiguousStrides(_ shape: [Int], given: [Int]) -> [Int] {
        guard shape.count == given.count, !shape.contains(0) else { return given.count == shape.count ? given : [] }
        var strides = [Int](repeating: 0, count: shape.count)
        var step = 1
        for index in shape.indices.reversed() {
            strides[index] = shape[index] == 1 ? given[index] : step
            step = step &* shape[index]
        }
        return strides
    }
}

extension CheckpointTensors {
    /// The tensor names and shapes a `data.pkl` holds, read by the restricted unpickler alone
    /// (no archive, no storages): for the fuzz harness and tests of the unpickler.
    public static func stateDictShapes(pickle: [UInt8]) throws -> [String: [Int]] {
        let url = URL(fileURLWithPath: "data.pkl")
        do {
            let records = try StateDictUnpickler.tensors(in: pickle)
            return Dictionary(records.map { ($0.name, $0.tensor.shape) }, uniquingKeysWith: { first, _ in first })
        } catch {
            switch error {
            case let .refused(reason): throw AlbertError.file(url, .pickleRefused(reason))
            case let .malformed(reason): throw AlbertError.file(url, .pickleMalformed(reason))
            }
        }
    }
}
