extension StateDictUnpickler {
    /// The global `module.name` if it is one a state dict uses; otherwise the pickle is refused.
    func allowedGlobal(module: String, name: String) throws(Failure) -> Global {
        guard let global = Global(module: module, name: name) else {
            throw .refused("global \(CheckpointTensors.printable(module)).\(CheckpointTensors.printable(name)) is not allowed")
        }
        return global
    }

    /// BINPERSID's id of a storage: ("storage", torch.<Type>Storage, key, location, elements).
    /// The key names the archive entry `data/<key>`, so it must be a short plain name.
    static func storage(persistentID: Value) throws(Failure) -> Storage {
        guard case let .tuple(parts, _) = persistentID, parts.count == 5,
              case .string("storage") = parts[0],
              case let .global(.storageType(dtype)) = parts[1],
              case let .string(key) = parts[2],
              case .string = parts[3],
              case let .int(elements) = parts[4]
        else {
            throw .refused("a persistent id that is not a storage's")
        }
        guard !key.isEmpty, key.count <= 64, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw .malformed("storage key \(CheckpointTensors.printable(key)) is not a plain name")
        }
        guard elements >= 0 else { throw .malformed("storage \(key) has \(elements) elements") }
        return Storage(key: key, dtype: dtype, elements: elements)
    }

    /// REDUCE, which in a state dict only ever makes an empty OrderedDict or a tensor record.
    static func reduce(_ callable: Value, _ arguments: Value, limits: Limits) throws(Failure) -> Value {
        guard case let .tuple(args, _) = arguments else { throw .malformed("REDUCE with \(arguments.kind) as its arguments") }
        switch callable {
        case .global(.orderedDict):
            guard args.isEmpty else { throw .refused("OrderedDict made from arguments") }
            return .dict(Dict())
        case .global(.rebuildTensor):
            return .tensor(try rebuildTensor(args, limits: limits))
        default:
            throw .refused("REDUCE of \(callable.kind)")
        }
    }

    /// `_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks[, metadata])`.
    private static func rebuildTensor(_ args: [Value], limits: Limits) throws(Failure) -> TensorRecord {
        guard args.count == 6 || args.count == 7,
              case let .storage(storage) = args[0],
              case let .int(offset) = args[1],
              let shape = integers(args[2], limits: limits),
              let stride = integers(args[3], limits: limits),
              case .bool = args[4],
              case let .dict(hooks) = args[5], hooks.items.isEmpty
        else {
            throw .malformed("_rebuild_tensor_v2 with arguments that are not a state dict tensor's")
        }
        if args.count == 7 {
            switch args[6] {
            case .none, .dict: break
            default: throw .malformed("_rebuild_tensor_v2 with \(args[6].kind) as its metadata")
            }
        }
        guard shape.count == stride.count, offset >= 0, shape.allSatisfy({ $0 >= 0 }) else {
            throw .malformed("a tensor with a negative offset or size, or sizes and strides that differ in number")
        }
        return TensorRecord(storage: storage, offset: offset, shape: shape, stride: stride)
    }

    private static func integers(_ value: Value, limits: Limits) -> [Int]? {
        guard case let .tuple(parts, _) = value, parts.count <= limits.maxDimensions else { return nil }
        var result: [Int] = []
        for part in parts {
            guard case let .int(integer) = part else { return nil }
            result.append(integer)
        }
        return result
    }

    /// SETITEM(S): key-value pairs into the dict below them, keeping it at most `maxNesting`
    /// deep (a dict put into itself grows at each insertion until refused).
    static func set(_ items: [Value], in target: Value, limits: Limits) throws(Failure) {
        guard case let .dict(dict) = target else { throw .malformed("SETITEMS into \(target.kind)") }
        dict.depth = max(dict.depth, 1 + (items.map(\.depth).max() ?? 0))
        guard dict.depth <= limits.maxNesting else { throw .refused("values nested more than \(limits.maxNesting) deep") }
        for index in stride(from: 0, to: items.count, by: 2) {
            dict.items.append((items[index], items[index + 1]))
        }
    }

    /// An opcode's name for errors: the pickle opcodes a state dict never needs, by name.
    static func opcodeName(_ opcode: UInt8) -> String {
        let names: [UInt8: String] = [
            0x69: "INST", 0x6F: "OBJ", 0x81: "NEWOBJ", 0x92: "NEWOBJ_EX", 0x50: "PERSID", 0x52: "REDUCE",
            0x5D: "EMPTY_LIST", 0x61: "APPEND", 0x65: "APPENDS", 0x6C: "LIST", 0x64: "DICT", 0x47: "BINFLOAT",
            0x46: "FLOAT", 0x49: "INT", 0x4C: "LONG", 0x8B: "LONG4", 0x53: "STRING", 0x54: "BINSTRING",
            0x55: "SHORT_BINSTRING", 0x56: "UNICODE", 0x42: "BINBYTES", 0x43: "SHORT_BINBYTES",
            0x8E: "BINBYTES8", 0x8D: "BINUNICODE8", 0x96: "BYTEARRAY8", 0x8F: "EMPTY_SET", 0x90: "ADDITEMS",
            0x91: "FROZENSET", 0x82: "EXT1", 0x83: "EXT2", 0x84: "EXT4", 0x67: "GET", 0x70: "PUT",
            0x30: "POP", 0x31: "POP_MARK", 0x32: "DUP", 0x97: "NEXT_BUFFER", 0x98: "READONLY_BUFFER",
        ]
        let hex = "0x" + String(opcode, radix: 16, uppercase: true)
        return names[opcode].map { "\($0) (\(hex))" } ?? hex
    }
}
