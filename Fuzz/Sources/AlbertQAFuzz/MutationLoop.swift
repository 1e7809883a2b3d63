import Foundation

/// A deterministic fallback fuzzer for builds without libFuzzer: from a seed corpus, applies
/// random byte-level mutations (flips, interesting bytes, inserted tokens, deletions,
/// duplications, splices) with a fixed seed, for a bounded time. The input being run is kept
/// where a crash handler can write it out (`.build/fuzz-crash-<target>`).
struct MutationLoop {
    let harness: FuzzHarness
    var random: SplitMix64
    let corpus: [Data]

    init(harness: FuzzHarness, seed: UInt64, corpus: [Data]) {
        self.harness = harness
        random = SplitMix64(seed: seed)
        self.corpus = corpus.isEmpty ? [Data()] : corpus
    }

    /// Byte strings that parsers care about.
    static let tokens: [[UInt8]] = [
        "<", ">", "&", "&amp;", "&#x", ";", "\"", "\\", "{", "}", "[", "]", ":", ",", "\0", "\r\n", "\n\n", " ", ".", "?",
        "<script>", "</", "<!--", "-->", "1e308", "-1", "4611686018427387904", "true", "null", "NEAR", "AND", "*",
        "é", "\u{301}", "🙂", "数", "\u{2028}", "\u{FEFF}", "\u{85}", "\u{A0}", "▁",
    ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], [0xC3], [0xE2, 0x82], [0x80], [0xFF]]

    mutating func run(seconds: Double) -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        var executions = 0
        CrashReporter.install(target: harness.name)
        while Date() < deadline {
            for _ in 0..<64 {
                var input = [UInt8](corpus[random.below(corpus.count)])
                for _ in 0...random.below(8) { mutate(&input) }
                if input.count > 64 << 10 { input.removeLast(input.count - (64 << 10)) }
                let data = Data(input)
                CrashReporter.current = data
                harness.run(data)
                executions += 1
            }
        }
        return executions
    }

    private mutating func mutate(_ input: inout [UInt8]) {
        let position = input.isEmpty ? 0 : random.below(input.count + 1)
        switch random.below(7) {
        case 0 where !input.isEmpty:  // flip a bit
            let i = min(position, input.count - 1)
            input[i] ^= UInt8(1 << random.below(8))
        case 1 where !input.isEmpty:  // an interesting byte
            input[min(position, input.count - 1)] = [0, 0x7F, 0x80, 0xFF, 0x20, 0x0A, 0x3C, 0x26][random.below(8)]
        case 2:  // insert a token
            input.insert(contentsOf: Self.tokens[random.below(Self.tokens.count)], at: position)
        case 3 where !input.isEmpty:  // delete a range
            let end = min(input.count, position + 1 + random.below(16))
            input.removeSubrange(min(position, input.count - 1)..<end)
        case 4 where !input.isEmpty:  // duplicate a range (long runs, deep nesting)
            let start = min(position, input.count - 1)
            let end = min(input.count, start + 1 + random.below(64))
            let piece = input[start..<end]
            for _ in 0..<(1 + random.below(16)) { input.insert(contentsOf: piece, at: start) }
        case 5:  // splice in part of another corpus entry
            let other = [UInt8](corpus[random.below(corpus.count)])
            guard !other.isEmpty else { return }
            let start = random.below(other.count)
            input.insert(contentsOf: other[start..<min(other.count, start + 1 + random.below(256))], at: position)
        default:  // a random byte
            input.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
        }
    }

    static func files(in folder: URL) -> [Data] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) }
    }
}

/// A small, fast, seeded generator (the same sequence on every machine).
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}

/// Writes the input being run to `.build/fuzz-crash-<target>` if the process crashes.
enum CrashReporter {
    nonisolated(unsafe) static var current = Data()
    nonisolated(unsafe) private static var path: [CChar] = []

    static func install(target: String) {
        path = Array(".build/fuzz-crash-\(target)".utf8CString)
        for number in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            signal(number) { number in
                // Only async-signal-safe calls: open, write, close, then die of the same signal.
                let descriptor = CrashReporter.path.withUnsafeBufferPointer { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o600) }
                if descriptor >= 0 {
                    CrashReporter.current.withUnsafeBytes { _ = write(descriptor, $0.baseAddress, $0.count) }
                    close(descriptor)
                }
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }
}
