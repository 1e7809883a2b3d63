extension StateDictUnpickler {
    /// Runs the pickle to its STOP and returns the value it leaves.
    mutating func run() throws(Failure) -> Value {
        var operations = 0
        while true {
            operations += 1
            guard operations <= limits.maxOperations else { throw .refused("more than \(limits.maxOperations) opcodes") }
            let at = position
            let opcode = try byte()
            switch opcode {
            case 0x80: // PROTO
                let version = try byte()
                guard version <= 5 else { throw .malformed("pickle protocol \(version) is unknown") }
            case 0x95: // FRAME: a length hint; the bytes follow inline.
                _ = try integer(bytes: 8, signed: false)
            case 0x2E: // STOP
                guard stack.count == 1, marks.isEmpty else { throw .malformed("STOP with \(stack.count) values on the stack") }
                return stack[0]
            case 0x28: // MARK
                guard marks.count < limits.maxStack else { throw .refused("more than \(limits.maxStack) marks") }
                marks.append(stack.count)
            case 0x7D: // EMPTY_DICT
                try push(.dict(Dict()))
            case 0x29: // EMPTY_TUPLE
                try push(try tuple([]))
            case 0x4E: try push(.none) // NONE
            case 0x88: try push(.bool(true)) // NEWTRUE
            case 0x89: try push(.bool(false)) // NEWFALSE
            case 0x4B: try push(.int(try integer(bytes: 1, signed: false))) // BININT1
            case 0x4D: try push(.int(try integer(bytes: 2, signed: false))) // BININT2
            case 0x4A: try push(.int(try integer(bytes: 4, signed: true))) // BININT
            case 0x8A: // LONG1: a little-endian two's-complement integer of n bytes
                let count = try integer(bytes: 1, signed: false)
                guard count <= 8 else { throw .refused("LONG1 of \(count) bytes (more than an Int64)") }
                try push(.int(count == 0 ? 0 : try integer(bytes: count, signed: true)))
            case 0x58: // BINUNICODE
                try push(.string(try string(length: try integer(bytes: 4, signed: false))))
            case 0x8C: // SHORT_BINUNICODE
                try push(.string(try string(length: try integer(bytes: 1, signed: false))))
            case 0x74: // TUPLE
                try push(try tuple(try popToMark()))
            case 0x85, 0x86, 0x87: // TUPLE1, TUPLE2, TUPLE3
                try push(try tuple(try pop(Int(opcode) - 0x84)))
            case 0x63: // GLOBAL: "module\nname\n"
                let module = try line()
                try push(.global(try allowedGlobal(module: module, name: try line())))
            case 0x93: // STACK_GLOBAL
                let names = try pop(2)
                guard case let .string(module) = names[0], case let .string(name) = names[1] else {
                    throw .malformed("STACK_GLOBAL of \(names[0].kind) and \(names[1].kind)")
                }
                try push(.global(try allowedGlobal(module: module, name: name)))
            case 0x51: // BINPERSID
                try push(.storage(try Self.storage(persistentID: try pop(1)[0])))
            case 0x52: // REDUCE
                let popped = try pop(2)
                try push(try Self.reduce(popped[0], popped[1], limits: limits))
            case 0x73: // SETITEM: the dict stays on the stack, filled.
                try Self.set(try pop(2), in: try top(), limits: limits)
            case 0x75: // SETITEMS
                let items = try popToMark()
                guard items.count % 2 == 0 else { throw .malformed("SETITEMS with an odd number of values") }
                try Self.set(items, in: try top(), limits: limits)
            case 0x62: // BUILD: only a dict's state (OrderedDict's `_metadata` attribute), discarded.
                let popped = try pop(2)
                guard case .dict = popped[0] else { throw .refused("BUILD of \(popped[0].kind)") }
                switch popped[1] {
                case .dict, .none: try push(popped[0])
                default: throw .refused("BUILD of a dict with \(popped[1].kind) as its state")
                }
            case 0x68: try push(try memoValue(try integer(bytes: 1, signed: false))) // BINGET
            case 0x6A: try push(try memoValue(try integer(bytes: 4, signed: false))) // LONG_BINGET
            case 0x71: try memoize(at: try integer(bytes: 1, signed: false)) // BINPUT
            case 0x72: try memoize(at: try integer(bytes: 4, signed: false)) // LONG_BINPUT
            case 0x94: try memoize(at: memo.count) // MEMOIZE
            default:
                throw .refused("opcode \(Self.opcodeName(opcode)) at byte \(at)")
            }
        }
    }

    // MARK: Reading bytes

    private mutating func byte() throws(Failure) -> UInt8 {
        guard position < bytes.count else { throw .malformed("truncated at byte \(position)") }
        defer { position += 1 }
        return bytes[position]
    }

    /// A little-endian integer of `count` (1...8) bytes.
    private mutating func integer(bytes count: Int, signed: Bool) throws(Failure) -> Int {
        guard count <= bytes.count - position else { throw .malformed("truncated at byte \(position)") }
        var value: UInt64 = 0
        for index in 0..<count {
            value |= UInt64(bytes[position + index]) << (8 * UInt64(index))
        }
        position += count
        if signed, count < 8, value & (1 << (8 * UInt64(count) - 1)) != 0 {
            value |= ~0 << (8 * UInt64(count))
        }
        let result = Int64(bitPattern: value)
        guard signed || result >= 0 else { throw .refused("an unsigned integer of \(value) (more than an Int64)") }
        return Int(result)
    }

    private mutating func string(length: Int) throws(Failure) -> String {
        guard length <= limits.maxStringBytes else {
            throw .refused("a string of \(length) bytes (the limit is \(limits.maxStringBytes))")
        }
        guard length <= bytes.count - position else { throw .malformed("truncated in a string at byte \(position)") }
        defer { position += length }
        guard let text = String(validating: bytes[position..<position + length], as: UTF8.self) else {
            throw .malformed("a string at byte \(position) is not UTF-8")
        }
        return text
    }

    /// GLOBAL's text argument: ASCII up to a newline, at most 200 bytes.
    private mutating func line() throws(Failure) -> String {
        let start = position
        while position < bytes.count, bytes[position] != 0x0A {
            guard position - start < 200, (0x20..<0x7F).contains(bytes[position]) else {
                throw .malformed("GLOBAL at byte \(start) is not a short ASCII name")
            }
            position += 1
        }
        guard position < bytes.count else { throw .malformed("truncated in a GLOBAL at byte \(start)") }
        position += 1
        return String(decoding: bytes[start..<position - 1], as: UTF8.self)
    }

    // MARK: The stack and the memo

    /// A tuple of `items`, at most `maxNesting` deep (freeing a deeper one would recurse as deep).
    private func tuple(_ items: [Value]) throws(Failure) -> Value {
        let depth = 1 + (items.map(\.depth).max() ?? 0)
        guard depth <= limits.maxNesting else { throw .refused("values nested more than \(limits.maxNesting) deep") }
        return .tuple(items, depth: depth)
    }

    private mutating func push(_ value: Value) throws(Failure) {
        guard stack.count < limits.maxStack else { throw .refused("more than \(limits.maxStack) values on the stack") }
        stack.append(value)
    }

    private mutating func pop(_ count: Int) throws(Failure) -> [Value] {
        guard stack.count - (marks.last ?? 0) >= count else { throw .malformed("the stack is empty at byte \(position - 1)") }
        defer { stack.removeLast(count) }
        return Array(stack.suffix(count))
    }

    /// The value on top of the stack, left there.
    private func top() throws(Failure) -> Value {
        guard let last = stack.last, stack.count > (marks.last ?? 0) else { throw .malformed("the stack is empty at byte \(position - 1)") }
        return last
    }

    private mutating func popToMark() throws(Failure) -> [Value] {
        guard let mark = marks.popLast() else { throw .malformed("no MARK before byte \(position - 1)") }
        defer { stack.removeLast(stack.count - mark) }
        return Array(stack[mark...])
    }

    private func memoValue(_ index: Int) throws(Failure) -> Value {
        guard let value = memo[index] else { throw .malformed("memo \(index) is read before it is written") }
        return value
    }

    private mutating func memoize(at index: Int) throws(Failure) {
        guard let top = stack.last, stack.count > (marks.last ?? 0) else { throw .malformed("memoizing an empty stack") }
        guard memo.count < limits.maxMemo || memo[index] != nil else { throw .refused("more than \(limits.maxMemo) memo entries") }
        memo[index] = top
    }
}
