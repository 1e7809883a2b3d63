// swift-tools-version:6.0
// AlbertQA: ask questions about a folder of documents in the terminal, answered by an ALBERT
// span-extraction reader. Only the toolchain and Debian's C libraries are used (see README).
import PackageDescription

let package = Package(
    name: "AlbertQA",
    products: [
        .executable(name: "albertqa", targets: ["albertqa"]),
        .library(name: "Albert", targets: ["Albert"]),
    ],
    targets: [
        // C libraries from Debian, bound as system libraries or thin shims.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CArchive", path: "Sources/CArchive"),
        .target(
            name: "CSentencePiece",
            path: "Sources/CSentencePiece",
            linkerSettings: [.linkedLibrary("sentencepiece")]
        ),
        .target(
            name: "CTerminal",
            path: "Sources/CTerminal",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        // Starts external tools in their own process group with a parent-death signal.
        .target(name: "CSpawn", path: "Sources/CSpawn"),
        .target(
            name: "CAlbertKernels",
            path: "Sources/CAlbertKernels",
            // Packed matrix products, attention and element-wise passes: a reference and one
            // folder per instruction set (reference/, x86_avx512/, x86_avx2/, x86_avxvnni/, arm_neon/), each
            // file compiled for its own target by attributes, one table chosen when a model
            // loads. Always optimised: the reader must not crawl in debug builds and tests.
            // -fno-sanitize=thread: kept from when the kernels used target_clones, whose ifunc
            // resolvers run before the ThreadSanitizer runtime exists; harmless without them.
            cSettings: [.unsafeFlags(["-O3", "-fno-math-errno", "-fno-trapping-math", "-fassociative-math", "-fno-signed-zeros",
                                      "-fno-sanitize=thread"])],
            linkerSettings: [.linkedLibrary("m")]
        ),
        .target(
            name: "CVectorKernels",
            path: "Sources/CVectorKernels",
            // int8 dot products for exact dense search; optimised in debug builds too.
            cSettings: [.unsafeFlags(["-O3"])]
        ),

        // The data flow: Documents → Retrieval → Albert → Answering → CLI / TUI.
        .target(name: "Documents", dependencies: ["CArchive", "CSpawn"]),
        .target(name: "Settings"),  // the user's configuration file and state paths, shared by TUI and CLI
        .target(name: "Retrieval", dependencies: ["Documents", "CSQLite", "CVectorKernels"]),
        .target(name: "Albert", dependencies: ["Documents", "CSentencePiece", "CAlbertKernels"]),
        .target(name: "Answering", dependencies: ["Documents", "Retrieval", "Albert"]),
        // The interface: Answering's session and reader model; Retrieval for the index's reports and
        // paths; Documents for text positions; never Albert directly.
        .target(name: "TUI", dependencies: ["Answering", "Retrieval", "Documents", "CTerminal", "Settings"]),
        .executableTarget(name: "albertqa", dependencies: ["Documents", "Retrieval", "Albert", "Answering", "TUI", "Settings"]),

        // Fuzz harnesses: Scripts/fuzz.sh builds them with libFuzzer; a plain build gives a
        // seeded mutation loop and a replayer (see Fuzz/Sources/AlbertQAFuzz/FuzzMain.swift).
        .executableTarget(name: "AlbertQAFuzz", dependencies: ["Documents", "Retrieval", "Albert"], path: "Fuzz/Sources/AlbertQAFuzz"),

        .target(name: "TestSupport", path: "Tests/TestSupport"),  // helpers shared by test targets
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "CArchive"]),
        .testTarget(name: "RetrievalTests", dependencies: ["Retrieval", "Documents", "TestSupport", "CVectorKernels"]),
        .testTarget(name: "AlbertTests", dependencies: ["Albert", "Documents", "CAlbertKernels"]),
        .testTarget(name: "AnsweringTests", dependencies: ["Answering", "Albert", "Retrieval", "Documents", "TestSupport"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Answering", "Albert", "Retrieval", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["albertqa", "Settings", "TestSupport"]),
    ],
    cxxLanguageStandard: .cxx17
)
