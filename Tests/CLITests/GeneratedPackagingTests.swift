@testable import albertqa
import Albert
import Foundation
import Retrieval
import Settings
import XCTest

/// The man page and the completions are generated from the option declarations; the
/// committed files must be what the generator prints now, and the enum-valued options take
/// their choices from the libraries' `allCases`.
final class GeneratedPackagingTests: XCTestCase {
    func testCommittedPackagingFilesAreWhatTheDeclarationsGenerate() throws {
        let root = AlbertQAProcess.repositoryRoot
        for shell in CompletionShell.allCases {
            let committed = try String(contentsOf: root.appendingPathComponent(shell.packagingPath), encoding: .utf8)
            XCTAssertEqual(committed, ShellCompletions.script(for: shell), "\(shell.packagingPath) is stale: run Scripts/generate-packaging.sh")
        }
        let man = try String(contentsOf: root.appendingPathComponent("Packaging/albertqa.1"), encoding: .utf8)
        XCTAssertEqual(man, ManualPage.text, "Packaging/albertqa.1 is stale: run Scripts/generate-packaging.sh")
    }

    func testChoicesComeFromTheLibrariesCases() throws {
        func choices(_ option: some OptionDeclaration) -> [String] {
            guard case let .choice(choices) = option.spec.kind else { return [] }
            return choices
        }
        XCTAssertEqual(choices(kernelsOption), ["auto"] + KernelTable.Name.allCases.map(\.rawValue))
        XCTAssertEqual(choices(retrieverOption), RetrieverKind.allCases.map(\.rawValue))
        XCTAssertEqual(choices(fusionMethodOption), FusionMethod.allCases.map(\.rawValue))
        XCTAssertEqual(choices(precisionOption), UserConfig.precisions, "the command line and the configuration file take the same precisions")
        // Every kernel table and retriever reaches every shell and the man page.
        let texts = try CompletionShell.allCases.map { ShellCompletions.script(for: $0) } + [ManualPage.text]
        for name in KernelTable.Name.allCases.map(\.rawValue) + RetrieverKind.allCases.map(\.rawValue) {
            for text in texts { XCTAssertTrue(text.contains(name), name) }
        }
        XCTAssertTrue(ShellCompletions.script(for: .bash).contains(#"--kernels) COMPREPLY=($(compgen -W "auto \#(KernelTable.Name.allCases.map(\.rawValue).joined(separator: " ")) all""#))
    }

    func testTypedLookUpsReadValuesDefaultsAndOptionalValues() throws {
        let eval = try EvalCommand.spec.parse(["squad.json", "--open", "--fusion", "rrf", "--folder=docs", "--limit", "3"])
        XCTAssertTrue(eval[EvalCommand.open])
        XCTAssertFalse(eval[EvalCommand.recall])
        XCTAssertEqual(eval[fusionMethodOption], .reciprocalRank)
        XCTAssertEqual(eval[EvalCommand.folder]?.lastPathComponent, "docs")
        XCTAssertEqual(eval[EvalCommand.limit], 3)
        XCTAssertNil(eval[EvalCommand.predictions])
        XCTAssertEqual(eval[EvalCommand.every], 1, "the declared default")
        XCTAssertFalse(eval.isGiven(denseWeightOption))
        let alone = try BenchCommand.spec.parse(["--encoder", "--runs", "2"])
        XCTAssertTrue(alone.isGiven(BenchCommand.encoder))
        XCTAssertNil(alone[BenchCommand.encoder], "--encoder alone: the default encoder")
        XCTAssertEqual(try BenchCommand.spec.parse(["--encoder", "models/e"])[BenchCommand.encoder]?.lastPathComponent, "e")
    }

    func testCompletionScriptsParse() throws {
        let root = AlbertQAProcess.repositoryRoot.appendingPathComponent("Packaging/completions")
        for (shell, file) in [("bash", "albertqa.bash"), ("zsh", "_albertqa"), ("fish", "albertqa.fish")] {
            let path = ["/bin", "/usr/bin"].map { "\($0)/\(shell)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
            guard let path else { continue }  // zsh and fish are optional here; bash is always there
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = ["-n", root.appendingPathComponent(file).path]
            try process.run()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "\(shell) -n \(file)")
        }
    }
}
