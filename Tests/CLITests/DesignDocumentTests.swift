import Foundation
import XCTest

/// DESIGN.md's module table says what each target depends on; Package.swift decides it. A
/// change to one without the other fails here (issue 22: the table had drifted once).
final class DesignDocumentTests: XCTestCase {
    /// `name → dependencies` of every non-test target in Package.swift.
    static func packageTargets() throws -> [String: Set<String>] {
        let text = try String(contentsOf: AlbertQAProcess.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"\.(?:target|executableTarget|systemLibrary)\(\s*name:\s*"([^"]+)"(?:,\s*dependencies:\s*\[([^\]]*)\])?"#)
        var targets: [String: Set<String>] = [:]
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let name = String(text[Range(match.range(at: 1), in: text)!])
            let list = Range(match.range(at: 2), in: text).map { String(text[$0]) } ?? ""
            targets[name] = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\n")) }.filter { !$0.isEmpty })
        }
        return targets
    }

    /// `name → dependencies` of the module table's rows (`| \`Name\` … | A, B |`; `—` for none).
    static func designTable() throws -> [String: Set<String>] {
        let text = try String(contentsOf: AlbertQAProcess.repositoryRoot.appendingPathComponent("DESIGN.md"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let header = lines.firstIndex(where: { $0.hasPrefix("| target | owns | depends on (Package.swift) |") }) else { return [:] }
        var rows: [String: Set<String>] = [:]
        for line in lines[(header + 2)...] {
            guard line.hasPrefix("| `") else { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, let name = cells[1].split(separator: "`").first else { continue }
            let deps = cells[cells.count - 2]
            rows[String(name)] = deps == "—" ? [] : Set(deps.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        return rows
    }

    func testTheModuleTableMatchesPackageSwift() throws {
        let package = try Self.packageTargets()
        let design = try Self.designTable()
        XCTAssertFalse(design.isEmpty, "DESIGN.md has no module table")
        XCTAssertEqual(package["TUI"], ["Answering", "Retrieval", "Documents", "CTerminal", "Settings"])  // the parser reads Package.swift
        for (name, dependencies) in design {
            XCTAssertEqual(dependencies, package[name], "DESIGN.md's row for \(name)")
        }
        for name in ["Documents", "Settings", "Retrieval", "Albert", "Answering", "TUI", "albertqa"] {
            XCTAssertNotNil(design[name], "DESIGN.md's module table has no row for \(name)")
        }
    }
}
