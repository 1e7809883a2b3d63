import Foundation

// Two ways to run the harnesses:
// - Built with libFuzzer (Scripts/fuzz.sh: -sanitize=fuzzer,address -DALBERTQA_LIBFUZZER):
//   libFuzzer drives `LLVMFuzzerTestOneInput`; the harness is chosen by the environment
//   variable ALBERTQA_FUZZ_TARGET. SwiftPM links an executable target's entry point as
//   `<target>_main` (--defsym main=AlbertQAFuzz_main), so that function hands over to
//   libFuzzer's driver (LLVMFuzzerRunDriver) instead of libFuzzer's own main.
// - A plain build (what `swift build` makes): `AlbertQAFuzz run TARGET SECONDS CORPUS...`
//   runs a seeded, deterministic mutation loop (for machines without libFuzzer), and
//   `AlbertQAFuzz replay TARGET FILE...` runs given inputs once (to reproduce a crash).

#if ALBERTQA_LIBFUZZER
/// The harness libFuzzer drives, chosen once from ALBERTQA_FUZZ_TARGET.
let selectedHarness: FuzzHarness = {
    let name = ProcessInfo.processInfo.environment["ALBERTQA_FUZZ_TARGET"] ?? ""
    guard let harness = FuzzHarness.named(name) else {
        FileHandle.standardError.write(Data("set ALBERTQA_FUZZ_TARGET to one of: \(FuzzHarness.all.map(\.name).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return harness
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    selectedHarness.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

public typealias FuzzArguments = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

/// libFuzzer's driver (FuzzerDriver.cpp), declared here because it has no header.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<FuzzArguments?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("AlbertQAFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: FuzzArguments?) -> CInt {
    _ = selectedHarness  // an unknown target fails before fuzzing starts
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { fuzzOneInput($0, $1) }
}
#else
@main
enum FuzzMain {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 2, let harness = FuzzHarness.named(arguments[1]) else { usage() }
        switch arguments[0] {
        case "run":
            guard arguments.count >= 3, let seconds = Double(arguments[2]), seconds > 0 else { usage() }
            let corpus = arguments.dropFirst(3).flatMap { MutationLoop.files(in: URL(fileURLWithPath: $0)) }
            var loop = MutationLoop(harness: harness, seed: 0xA1BE_7A, corpus: corpus)
            let executions = loop.run(seconds: seconds)
            print("\(harness.name): \(executions) executions in \(Int(seconds)) s (mutation loop)")
        case "replay":
            for path in arguments.dropFirst(2) {
                guard let data = FileManager.default.contents(atPath: path) else { usage() }
                harness.run(data)
                print("\(harness.name): \(path) ok")
            }
        default:
            usage()
        }
    }

    static func usage() -> Never {
        let names = FuzzHarness.all.map { "  \($0.name.padding(toLength: 14, withPad: " ", startingAt: 0))\($0.summary)" }
        FileHandle.standardError.write(Data((["usage: AlbertQAFuzz run TARGET SECONDS [CORPUS_DIR...]",
                                              "       AlbertQAFuzz replay TARGET FILE...", "targets:"] + names).joined(separator: "\n").utf8 + [10]))
        exit(2)
    }
}
#endif
