import Foundation

extension HubTokenizer {
    /// tokenizer.json's "post_processor": the special tokens around one text or a pair, the
    /// token types, and (RoBERTa, ByteLevel) the offsets trimmed of the spaces a token starts
    /// or ends with.
    struct PostProcessor: Sendable {
        /// One item of a template: a special token's ids, or sequence A or B.
        enum Item: Sendable, Equatable {
            case special(ids: [Int32], tokens: [String], typeID: Int32)
            case sequence(first: Bool, typeID: Int32)
        }

        var single: [Item]
        var pair: [Item]
        /// RobertaProcessing forces every type id to 0.
        var allTypesZero = false
        /// `trim_offsets`, with `add_prefix_space` as the value (then the first token keeps
        /// one leading space).
        var trimOffsets: Bool?

        /// No post-processor: the sequences as they are, types 0 and 1.
        static let none = PostProcessor(single: [.sequence(first: true, typeID: 0)],
                                        pair: [.sequence(first: true, typeID: 0), .sequence(first: false, typeID: 1)])

        static func parse(_ json: TokenizerJSON, tokenID: (String) -> Int32?) throws -> PostProcessor {
            let type = try json.type()
            func special(_ key: String) throws -> Item {
                let entry = try json.required(key).array()
                guard entry.count == 2 else { throw json.fail("\(key) must be [token, id]") }
                return .special(ids: [Int32(try entry[1].int(in: 0...HubTokenizer.maxTokenID))], tokens: [try entry[0].string()], typeID: 0)
            }
            switch type {
            case "BertProcessing":
                let cls = try special("cls"), sep = try special("sep")
                var sepB = sep
                if case let .special(ids, tokens, _) = sep { sepB = .special(ids: ids, tokens: tokens, typeID: 1) }
                return PostProcessor(single: [cls, .sequence(first: true, typeID: 0), sep],
                                     pair: [cls, .sequence(first: true, typeID: 0), sep, .sequence(first: false, typeID: 1), sepB])
            case "RobertaProcessing":
                let cls = try special("cls"), sep = try special("sep")
                var processor = PostProcessor(single: [cls, .sequence(first: true, typeID: 0), sep],
                                              pair: [cls, .sequence(first: true, typeID: 0), sep, sep, .sequence(first: false, typeID: 0), sep])
                processor.allTypesZero = true
                if try json.bool("trim_offsets", default: true) { processor.trimOffsets = try json.bool("add_prefix_space", default: true) }
                return processor
            case "ByteLevel":
                var processor = PostProcessor.none
                if try json.bool("trim_offsets", default: true) { processor.trimOffsets = try json.bool("add_prefix_space", default: true) }
                return processor
            case "TemplateProcessing":
                var specials: [String: (ids: [Int32], tokens: [String])] = [:]
                for (name, entry) in try json["special_tokens"]?.object() ?? [:] {
                    let ids = try entry.required("ids").array().map { Int32(try $0.int(in: 0...HubTokenizer.maxTokenID)) }
                    let tokens = try entry["tokens"]?.array().map { try $0.string() } ?? ids.map { _ in name }
                    // As HF refuses it (the fuzzer found "ids": [] with one token).
                    guard tokens.count == ids.count else { throw entry.fail("\(ids.count) ids but \(tokens.count) tokens") }
                    specials[name] = (ids, tokens)
                }
                func template(_ key: String) throws -> [Item] {
                    try json.required(key).array().map { item in
                        if let special = item["SpecialToken"] {
                            let name = try special.required("id").string()
                            let typeID = Int32(try special["type_id"]?.int(in: 0...1 << 16) ?? 0)
                            if let entry = specials[name] { return .special(ids: entry.ids, tokens: entry.tokens, typeID: typeID) }
                            guard let id = tokenID(name) else { throw special.fail("special token \(name) is not in the vocabulary") }
                            return .special(ids: [id], tokens: [name], typeID: typeID)
                        }
                        if let sequence = item["Sequence"] {
                            let name = try sequence.required("id").string()
                            guard name == "A" || name == "B" else { throw sequence.fail("unknown sequence \(name)") }
                            return .sequence(first: name == "A", typeID: Int32(try sequence["type_id"]?.int(in: 0...1 << 16) ?? 0))
                        }
                        throw item.fail("expected SpecialToken or Sequence")
                    }
                }
                return PostProcessor(single: try template("single"), pair: try template("pair"))
            case "Sequence":
                var result = PostProcessor.none
                for step in try json.required("processors").array() {
                    let processor = try parse(step, tokenID: tokenID)
                    if let trim = processor.trimOffsets { result.trimOffsets = trim }
                    if processor.single != PostProcessor.none.single || processor.pair != PostProcessor.none.pair {
                        result.single = processor.single
                        result.pair = processor.pair
                        result.allTypesZero = processor.allTypesZero
                    }
                }
                return result
            default:
                throw json.unsupported("post_processor", type)
            }
        }

        /// HF's `process_offsets`: a token's offsets lose the spaces (Ġ or whitespace) it
        /// starts or ends with.
        func trim(_ tokens: inout TokenizedText) {
            guard let addPrefixSpace = trimOffsets else { return }
            let space = ByteLevel.scalarForByte[32]
            for index in tokens.ids.indices {
                let scalars = Array(tokens.pieces[index].unicodeScalars)
                func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == space || scalar.properties.isWhitespace }
                var leading = scalars.prefix(while: isSpace).count
                let trailing = scalars.reversed().prefix(while: isSpace).count
                var range = tokens.ranges[index]
                if leading > 0 {
                    let isFirst = index == 0 || range.lowerBound == 0
                    if isFirst, addPrefixSpace, leading == 1 { leading = 0 }
                    let lower = min(range.lowerBound + leading, range.upperBound)
                    range = lower..<range.upperBound
                }
                if trailing > 0, range.upperBound >= trailing {
                    range = range.lowerBound..<max(range.upperBound - trailing, range.lowerBound)
                }
                tokens.ranges[index] = range
            }
        }

        /// The special tokens of the pair template: before A, between A and B, after B.
        var pairLayoutIDs: (prefix: [Int32], separator: [Int32], suffix: [Int32], typesDiffer: Bool) {
            var parts: [[Int32]] = [[], [], []]
            var part = 0
            var types = Set<Int32>()
            for item in pair {
                switch item {
                case let .special(ids, _, typeID):
                    parts[part].append(contentsOf: ids)
                    types.insert(typeID)
                case let .sequence(first, typeID):
                    part = first ? 1 : 2
                    types.insert(typeID)
                }
            }
            return (parts[0], parts[1], parts[2], !allTypesZero && types.count > 1)
        }
    }
}
