import Foundation

extension HubTokenizer {
    /// `tokenizers`' BPE: a word's characters (unknown ones as `<0xXX>` bytes with
    /// `byte_fallback`, else the unknown token, fused with `fuse_unk`) merged pair by pair,
    /// the lowest-ranked pair first, the leftmost of equal ones.
    struct BPEModel: Sendable {
        struct Pair: Hashable, Sendable {
            var left: Int32
            var right: Int32
        }

        let vocabulary: [String: Int32]
        let tokens: [Int32: String]
        /// For each mergeable pair, its rank and the id of the merged token.
        let merges: [Pair: (rank: Int32, id: Int32)]
        let unknown: (token: String, id: Int32)?
        let prefix: String?
        let suffix: String?
        let fuseUnknown: Bool
        let byteFallback: Bool
        let ignoreMerges: Bool
        /// The `<0xXX>` token ids, when `byte_fallback`.
        let byteIDs: [Int32?]

        init(_ json: TokenizerJSON) throws {
            let vocabulary = try HubTokenizer.vocabularyObject(try json.required("vocab"))
            self.vocabulary = vocabulary
            tokens = Dictionary(vocabulary.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            if let token = try json["unk_token"]?.string() {
                guard let id = vocabulary[token] else { throw json.fail("unk_token \(token) is not in the vocabulary") }
                unknown = (token, id)
            } else {
                unknown = nil
            }
            prefix = try json["continuing_subword_prefix"]?.string()
            suffix = try json["end_of_word_suffix"]?.string()
            fuseUnknown = try json.bool("fuse_unk", default: false)
            byteFallback = try json.bool("byte_fallback", default: false)
            ignoreMerges = try json.bool("ignore_merges", default: false)
            byteIDs = (0..<256).map { vocabulary[String(format: "<0x%02X>", $0)] }
            var merges: [Pair: (rank: Int32, id: Int32)] = [:]
            let list = try json["merges"]?.array() ?? []
            merges.reserveCapacity(list.count)
            for (rank, entry) in list.enumerated() {
                let parts: [String]
                if let string = entry.value as? String {
                    guard let space = string.firstIndex(of: " ") else { throw entry.fail("expected two tokens separated by a space") }
                    parts = [String(string[..<space]), String(string[string.index(after: space)...])]
                } else {
                    parts = try entry.array().map { try $0.string() }
                    guard parts.count == 2 else { throw entry.fail("expected two tokens") }
                }
                guard let left = vocabulary[parts[0]], let right = vocabulary[parts[1]] else {
                    throw entry.fail("merge of a token not in the vocabulary")
                }
                var merged = parts[0]
                if let prefix, parts[1].hasPrefix(prefix) {
                    merged += parts[1].dropFirst(prefix.count)
                } else {
                    merged += parts[1]
                }
                guard let id = vocabulary[merged] else { throw entry.fail("the merged token is not in the vocabulary") }
                let pair = Pair(left: left, right: right)
                if merges[pair] == nil { merges[pair] = (Int32(rank), id) }
            }
            self.merges = merges
        }

        private struct Symbol {
            var id: Int32
            var range: Range<Int>
            var previous: Int
            var next: Int
        }

        func tokenize(_ scalars: [Unicode.Scalar], into output: inout [ModelToken]) {
            if ignoreMerges, let id = vocabulary[String(String.UnicodeScalarView(scalars))] {
                return output.append(ModelToken(id: id, token: tokens[id] ?? "", range: 0..<scalars.count))
            }
            var symbols: [Symbol] = []
            symbols.reserveCapacity(scalars.count)
            var pendingUnknown: Range<Int>?
            func add(_ id: Int32, _ range: Range<Int>) {
                symbols.append(Symbol(id: id, range: range, previous: symbols.count - 1, next: symbols.count + 1))
            }
            for (index, scalar) in scalars.enumerated() {
                var text = String(scalar)
                if index > 0, let prefix { text = prefix + text }
                if index == scalars.count - 1, let suffix { text += suffix }
                if let id = vocabulary[text] {
                    if let range = pendingUnknown, let unknown { add(unknown.id, range) }
                    pendingUnknown = nil
                    add(id, index..<index + 1)
                    continue
                }
                if byteFallback {
                    let ids = text.utf8.map { byteIDs[Int($0)] }
                    if ids.allSatisfy({ $0 != nil }) {
                        // HF adds the bytes before a pending unknown token.
                        for id in ids { add(id!, index..<index + 1) }
                        continue
                    }
                }
                if unknown != nil {
                    if let range = pendingUnknown {
                        if fuseUnknown {
                            pendingUnknown = range.lowerBound..<index + 1
                        } else {
                            add(unknown!.id, range)
                            pendingUnknown = index..<index + 1
                        }
                    } else {
                        pendingUnknown = index..<index + 1
                    }
                }
            }
            if let range = pendingUnknown, let unknown { add(unknown.id, range) }
            guard !symbols.isEmpty else { return }
            symbols[symbols.count - 1].next = -1
            mergeAll(&symbols)
            var index = 0
            while index >= 0, index < symbols.count {
                let symbol = symbols[index]
                output.append(ModelToken(id: symbol.id, token: tokens[symbol.id] ?? "", range: symbol.range))
                index = symbol.next
            }
        }

        /// HF's `Word::merge_all`: a queue of (rank, position), stale entries skipped.
        private func mergeAll(_ symbols: inout [Symbol]) {
            var queue = MergeQueue()
            for index in 0..<symbols.count - 1 {
                if let merge = merges[Pair(left: symbols[index].id, right: symbols[index + 1].id)] {
                    queue.push(rank: merge.rank, position: index, id: merge.id)
                }
            }
            while let top = queue.pop() {
                let position = top.position
                // Skip a symbol merged into its left neighbour (previous -2) or the last one.
                guard symbols[position].previous != -2, symbols[position].next >= 0 else { continue }
                let nextPosition = symbols[position].next
                let right = symbols[nextPosition]
                guard let merge = merges[Pair(left: symbols[position].id, right: right.id)], merge.id == top.id else { continue }
                symbols[position].id = top.id
                symbols[position].range = symbols[position].range.lowerBound..<right.range.upperBound
                symbols[position].next = right.next
                symbols[nextPosition].previous = -2
                if right.next >= 0 { symbols[right.next].previous = position }
                let previous = symbols[position].previous
                if previous >= 0, let merge = merges[Pair(left: symbols[previous].id, right: top.id)] {
                    queue.push(rank: merge.rank, position: previous, id: merge.id)
                }
                if right.next >= 0, let merge = merges[Pair(left: top.id, right: symbols[right.next].id)] {
                    queue.push(rank: merge.rank, position: position, id: merge.id)
                }
            }
        }
    }

    /// A binary min-heap of merges by (rank, position).
    struct MergeQueue {
        struct Entry {
            var rank: Int32
            var position: Int
            var id: Int32
            func precedes(_ other: Entry) -> Bool { rank != other.rank ? rank < other.rank : position < other.position }
        }

        private var heap: [Entry] = []

        mutating func push(rank: Int32, position: Int, id: Int32) {
            heap.append(Entry(rank: rank, position: position, id: id))
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[child].precedes(heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> Entry? {
            guard !heap.isEmpty else { return nil }
            heap.swapAt(0, heap.count - 1)
            let top = heap.removeLast()
            var parent = 0
            while true {
                let left = parent * 2 + 1, right = left + 1
                var first = parent
                if left < heap.count, heap[left].precedes(heap[first]) { first = left }
                if right < heap.count, heap[right].precedes(heap[first]) { first = right }
                if first == parent { break }
                heap.swapAt(parent, first)
                parent = first
            }
            return top
        }
    }
}
