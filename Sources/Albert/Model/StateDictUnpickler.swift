import Foundation

/// A restricted unpickler for the `data.pkl` of a PyTorch checkpoint (`torch.save` of a
/// state dict): it understands the opcodes and the few globals a state dict uses — an
/// (Ordered)dict of names to `torch._utils._rebuild_tensor_v2(storage, offset, size, stride,
/// …)`, storages by persistent id — and refuses everything else with a one-line reason, the
/// opcode or global named. Nothing is imported, called or executed: a "global" is only ever
/// one of the allowed names, and REDUCE only builds an empty OrderedDict or a tensor record.
/// Bounded: total opcodes, stack depth, memo entries and string lengths.
struct StateDictUnpickler {
    /// A storage as its persistent id names it: `data/<key>` in the archive, `elements` of `dtype`.
    struct Storage: Equatable {
        let key: String
        let dtype: TorchDType
        let elements: Int
    }

    /// A tensor record: a view of `elements` of its storage from `offset` with `shape` and `stride`.
    struct TensorRecord: Equatable {
        let storage: Storage
        let offset: Int
        let shape: [Int]
        let stride: [Int]
    }

    struct Limits {
        /// Opcodes executed at most (a 400-tensor BERT-large takes about 15,000).
        var maxOperations = 5_000_000
        /// Values on the stack at most (a state dict's SETITEMS holds two per tensor).
        var maxStack = 200_000
        /// Memo entries at most (about 12 per tensor).
        var maxMemo = 1_000_000
        /// Bytes of one string (tensor names are under 200).
        var maxStringBytes = 1 << 16
        /// Dimensions of one tensor.
        var maxDimensions = 8
        /// Tuples and dicts inside one another (a state dict needs 4: dict, tensor arguments,
        /// size tuple; `_metadata` dicts one more).
        var maxNesting = 32
    }

    /// The globals a state dict may name; any other is refused.
    enum Global: Equatable {
        case orderedDict
        case rebuildTensor
        case storageType(TorchDType)

        init?(module: String, name: String) {
            switch (module, name) {
            case ("collections", "OrderedDict"): self = .orderedDict
            case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensor
            case ("torch", _):
                guard let dtype = TorchDType(storageName: name) else { return nil }
                self = .storageType(dtype)
            default: return nil
            }
        }
    }

    /// An ordered dict, by reference: SETITEMS fills the one object the memo also holds.
    final class Dict {
        var items: [(key: Value, value: Value)] = []
        /// 1 + the deepest value put in it.
        var depth = 1
    }

    indirect enum Value {
        case none
        case bool(Bool)
        case int(Int)
        case string(String)
        /// `depth`: 1 + its deepest element's, bounded when it is made.
        case tuple([Value], depth: Int)
        case dict(Dict)
        case global(Global)
        case storage(Storage)
        case tensor(TensorRecord)

        var depth: Int {
            switch self {
            case let .tuple(_, depth): depth
            case let .dict(dict): dict.depth
            default: 0
            }
        }

        var kind: String {
            switch self {
            case .none: "None"
            case .bool: "a bool"
            case .int: "an int"
            case .string: "a string"
            case .tuple: "a tuple"
            case .dict: "a dict"
            case .global: "a global"
            case .storage: "a storage"
            case .tensor: "a tensor"
            }
        }
    }

    /// Why a pickle was not read: `refused` (something a state dict does not use, possibly
    /// hostile) or `malformed` (truncated, inconsistent).
    enum Failure: Error, Equatable {
        case refused(String)
        case malformed(String)
    }

    let bytes: [UInt8]
    let limits: Limits
    var position = 0
    var stack: [Value] = []
    var marks: [Int] = []
    var memo: [Int: Value] = [:]

    init(_ bytes: [UInt8], limits: Limits = Limits()) {
        self.bytes = bytes
        self.limits = limits
    }

    /// The state dict's tensors, in the pickle's order.
    static func tensors(in bytes: [UInt8], limits: Limits = Limits()) throws(Failure) -> [(name: String, tensor: TensorRecord)] {
        var unpickler = StateDictUnpickler(bytes, limits: limits)
        guard case let .dict(dict) = try unpickler.run() else {
            throw .malformed("the pickle holds no dict of tensors")
        }
        var tensors: [(name: String, tensor: TensorRecord)] = []
        for (key, value) in dict.items {
            guard case let .string(name) = key else { throw .malformed("a state dict key is \(key.kind), not a name") }
            guard case let .tensor(tensor) = value else {
                throw .malformed("\(CheckpointTensors.printable(name)) is \(value.kind), not a tensor")
            }
            tensors.append((name, tensor))
        }
        return tensors
    }
}
