import Foundation

/// One value of a parsed tokenizer.json with its path ("model.merges[3]"), so that every
/// problem is a one-line error naming where it is.
struct TokenizerJSON {
    let value: Any
    let path: String

    /// What is wrong at a path; HubTokenizer turns it into `AlbertError.file(url, …)`.
    struct Problem: Error {
        var path: String
        var reason: String
        var unsupported: (kind: String, type: String)?
    }

    func fail(_ reason: String) -> Problem { Problem(path: path, reason: reason) }

    var isNull: Bool { value is NSNull }

    /// The member `key`, nil when absent or null.
    subscript(_ key: String) -> TokenizerJSON? {
        guard let object = value as? [String: Any], let member = object[key], !(member is NSNull) else { return nil }
        return TokenizerJSON(value: member, path: path.isEmpty ? key : "\(path).\(key)")
    }

    func required(_ key: String) throws -> TokenizerJSON {
        guard value is [String: Any] else { throw fail("expected an object") }
        guard let member = self[key] else { throw fail("missing \"\(key)\"") }
        return member
    }

    func object() throws -> [String: TokenizerJSON] {
        guard let object = value as? [String: Any] else { throw fail("expected an object") }
        return object.reduce(into: [:]) { $0[$1.key] = TokenizerJSON(value: $1.value, path: "\(path).\($1.key)") }
    }

    func array() throws -> [TokenizerJSON] {
        guard let array = value as? [Any] else { throw fail("expected an array") }
        return array.enumerated().map { TokenizerJSON(value: $1, path: "\(path)[\($0)]") }
    }

    func string() throws -> String {
        guard let string = value as? String else { throw fail("expected a string") }
        return string
    }

    func bool() throws -> Bool {
        guard let bool = value as? Bool else { throw fail("expected true or false") }
        return bool
    }

    func double() throws -> Double {
        guard let number = value as? NSNumber else { throw fail("expected a number") }
        let double = number.doubleValue
        guard double.isFinite else { throw fail("expected a finite number") }
        return double
    }

    /// A whole number in `range`.
    func int(in range: ClosedRange<Int> = 0...Int(Int32.max)) throws -> Int {
        guard let number = value as? NSNumber else { throw fail("expected a whole number") }
        let double = number.doubleValue
        guard double.isFinite, double.rounded() == double, double >= Double(range.lowerBound), double <= Double(range.upperBound) else {
            throw fail("expected a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return Int(double)
    }

    /// The component's "type" member.
    func type() throws -> String { try required("type").string() }

    /// An optional boolean member with its default.
    func bool(_ key: String, default fallback: Bool) throws -> Bool { try self[key]?.bool() ?? fallback }

    /// The "unsupported X Y" error for a component this reader does not implement.
    func unsupported(_ kind: String, _ type: String) -> Problem {
        Problem(path: path, reason: "unsupported \(kind) \(type)", unsupported: (kind, type))
    }

    /// A string pattern ({"String": "…"}); a regular expression is refused as unsupported.
    func literalPattern(kind: String) throws -> [Unicode.Scalar] {
        if let literal = self["String"] { return Array(try literal.string().unicodeScalars) }
        if self["Regex"] != nil { throw unsupported(kind, "with a Regex pattern") }
        throw fail("expected {\"String\": …}")
    }
}
