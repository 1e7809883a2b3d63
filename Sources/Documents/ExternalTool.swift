import Foundation

/// A Debian command-line tool AlbertQA reads a format with (pdftotext, antiword, tesseract…),
/// run as a bounded subprocess (`run`, in ExternalTool+Run.swift): a wall-clock limit, an
/// output cap, its own process group killed whole on timeout, on too much output and on
/// cancellation, and a parent-death signal so that it never outlives AlbertQA.
///
/// The issue that asked for this (issue 20): a 3.8 MB PDF whose content inflates to 1.5 GB kept
/// an unbounded pdftotext busy for ~90 s; `index` stalled, Ctrl-C waited for it, and a SIGTERM
/// to `index` left it running as an orphan at 96 % CPU.
public struct ExternalTool: Sendable, Hashable {
    /// The program's name, looked up on PATH.
    public let name: String
    /// The Debian package that installs it (named in `tool_missing` skips).
    public let package: String

    public init(name: String, package: String) {
        self.name = name
        self.package = package
    }

    /// Its path on PATH (or /usr/bin:/bin when PATH is unset), if installed.
    public var path: String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public var isInstalled: Bool { path != nil }

    // The tools AlbertQA uses, with their Debian packages.
    public static let pdftotext = ExternalTool(name: "pdftotext", package: "poppler-utils")
    public static let pdfinfo = ExternalTool(name: "pdfinfo", package: "poppler-utils")
    public static let pdftoppm = ExternalTool(name: "pdftoppm", package: "poppler-utils")
    public static let antiword = ExternalTool(name: "antiword", package: "antiword")
    public static let catdoc = ExternalTool(name: "catdoc", package: "catdoc")
    public static let catppt = ExternalTool(name: "catppt", package: "catdoc")
    public static let xls2csv = ExternalTool(name: "xls2csv", package: "catdoc")
    public static let unrtf = ExternalTool(name: "unrtf", package: "unrtf")
    public static let tesseract = ExternalTool(name: "tesseract", package: "tesseract-ocr tesseract-ocr-eng")
    public static let msgconvert = ExternalTool(name: "msgconvert", package: "libemail-outlook-message-perl")
}

extension ExternalTool {
    /// How long a run may take and how much it may print.
    public struct Limits: Sendable, Equatable {
        /// Wall-clock seconds before the tool's process group is killed (`Result.timeout`).
        public var seconds: Double
        /// Standard output beyond this many bytes kills the tool (`Result.tooLarge`).
        public var maxOutputBytes: Int
        /// Standard error kept for messages; more is read and dropped (it never kills).
        public var maxErrorBytes: Int = 16 << 10

        public init(seconds: Double = ExternalTool.defaultSeconds, maxOutputBytes: Int) {
            self.seconds = seconds
            self.maxOutputBytes = maxOutputBytes
        }
    }

    /// The default wall-clock limit per file: pdftotext reads a 300-page book in ~1 s here, so
    /// 60 s is far past any ordinary document and still ends the decompression bombs.
    public static let defaultSeconds = 60.0

    /// What the tool reads on its standard input.
    public enum Input: Sendable {
        /// /dev/null.
        case none
        /// An open descriptor (shared with the caller: its file offset moves).
        case descriptor(Int32)
        /// Bytes, handed over as an in-memory file (seekable, unlike a pipe).
        case bytes([UInt8])
    }

    /// How a run ended.
    public enum Result: Sendable, Equatable {
        /// Exit status 0: its standard output (and what it said on standard error).
        case output([UInt8], errors: String)
        /// Not installed: the Debian package to install.
        case missing(package: String)
        /// Killed at the time limit (seconds).
        case timeout(seconds: Double)
        /// Killed when its output passed the cap (bytes).
        case tooLarge(bytes: Int)
        /// A non-zero exit (128 + the signal when killed by one), with its standard error.
        case failed(status: Int32, errors: String)
        /// Killed because the caller cancelled (`ToolCancellation`).
        case cancelled
    }
}
