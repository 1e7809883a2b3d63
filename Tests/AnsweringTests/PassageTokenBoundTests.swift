import Albert
import Documents
import Foundation
@testable import Retrieval
import XCTest

/// The chunker's token bound, checked against the reader's real tokenizer: passages of text
/// without spaces (base64, minified JSON, CJK) stay within a few reader windows.
final class PassageTokenBoundTests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tokenizer = try! AlbertTokenizer(modelURL: repositoryRoot.appendingPathComponent("Models/albert-qa-minilm-squad/spiece.model"))

    static func samples() throws -> [(String, String)] {
        var seed: UInt64 = 11
        func next() -> UInt8 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: seed >> 33)
        }
        let base64 = Data((0..<1500).map { _ in next() }).base64EncodedString()
        let json = (0..<60).map { "{\"id\":\($0),\"name\":\"item\($0)\",\"tags\":[\"alpha\",\"beta\"],\"price\":\(Double($0) * 1.25)}" }.joined(separator: ",")
        let documents = repositoryRoot.appendingPathComponent("Documents")
        let name = try FileManager.default.contentsOfDirectory(atPath: documents.path).filter { $0.hasSuffix(".txt") }.sorted()[0]
        let prose = String(try String(contentsOf: documents.appendingPathComponent(name), encoding: .utf8).prefix(4000))
        let cjk = String(repeating: "北京是中华人民共和国的首都，也是全国的政治和文化中心。", count: 20)
        let urls = (0..<40).map { "https://example.com/path/to/resource\($0)?query=value&other=\($0 * 7)" }.joined(separator: " ")
        return [("base64", base64), ("json", "[" + json + "]"), ("prose", prose), ("cjk", cjk), ("urls", urls)]
    }

    /// Never far under the real count (passages would outgrow the bound); over it only where
    /// the vocabulary lumps characters together (CJK → a few unknown tokens), which just makes
    /// those passages smaller. Measured: base64 0.82, JSON 0.98, prose 1.01, URLs 0.95, CJK 12.9.
    func testTheEstimateIsCloseToTheRealTokenCount() throws {
        for (name, text) in try Self.samples() {
            let scalars = Array(text.unicodeScalars)
            let estimate = Double(TokenEstimate.count(scalars, 0..<scalars.count))
            let real = Double(Self.tokenizer.tokenize(text).count)
            XCTAssertGreaterThanOrEqual(estimate, 0.75 * real, name)
            if name != "cjk" { XCTAssertLessThanOrEqual(estimate, 1.3 * real, name) }
        }
    }

    /// A 200 KB base64 blob: every passage within a small multiple of the bound in real tokens
    /// (one was 130,000 tokens, ~1,000 reader windows).
    func testPassagesOfABlobHaveBoundedRealTokens() throws {
        var seed: UInt64 = 5
        let bytes = (0..<150_000).map { _ -> UInt8 in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: seed >> 33)
        }
        let text = "Dump\n\n" + Data(bytes).base64EncodedString()
        let options = ChunkingOptions()
        XCTAssertEqual(options.maxTokens, 440)
        let ranges = Chunker.chunk(text, options: options)
        let slicer = ScalarText(text)
        XCTAssertGreaterThan(ranges.count, 200)
        var worst = 0
        for range in ranges.dropFirst() {
            worst = max(worst, Self.tokenizer.tokenize(slicer[range]).count)
        }
        XCTAssertLessThanOrEqual(worst, 600, "at most two reader windows")
    }
}
