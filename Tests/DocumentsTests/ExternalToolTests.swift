import Documents
import Foundation
import XCTest

/// `ExternalTool.run`: the limits hold, the process group dies whole, nothing is left behind.
final class ExternalToolTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-tool-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// An executable shell script in the test's folder, as a tool.
    func script(_ name: String, _ body: String) throws -> ExternalTool {
        let url = folder.appendingPathComponent(name)
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        chmod(url.path, 0o755)
        return ExternalTool(name: url.path, package: "test-package")
    }

    /// Gone, or a zombie waiting for a reaper that is not us (it no longer runs).
    func isGone(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    func waitUntilGone(_ pid: pid_t) -> Bool {
        for _ in 0..<200 where !isGone(pid) { usleep(10_000) }
        return isGone(pid)
    }

    func pid(in file: URL) throws -> pid_t {
        for _ in 0..<500 {
            if let text = try? String(contentsOf: file, encoding: .utf8), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            usleep(10_000)
        }
        return try XCTUnwrap(nil, "no pid written to \(file.path)")
    }

    func testOutputAndExitStatusAndStandardError() throws {
        let tool = try script("speak", "echo hello; echo careful >&2")
        XCTAssertEqual(tool.run([], limits: .init(maxOutputBytes: 100)), .output(Array("hello\n".utf8), errors: "careful\n"))
        let failing = try script("fail", "echo broken >&2; exit 3")
        XCTAssertEqual(failing.run([], limits: .init(maxOutputBytes: 100)), .failed(status: 3, errors: "broken\n"))
    }

    func testMissingToolNamesItsPackage() {
        let tool = ExternalTool(name: "albertqa-no-such-tool-\(UUID())", package: "some-debian-package")
        XCTAssertNil(tool.path)
        XCTAssertEqual(tool.run([], limits: .init(maxOutputBytes: 10)), .missing(package: "some-debian-package"))
    }

    func testInputFromBytesAndFromADescriptor() throws {
        let cat = try script("cat", "exec cat")
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        XCTAssertEqual(cat.run([], input: .bytes(bytes), limits: .init(maxOutputBytes: 1 << 20)), .output(bytes, errors: ""))
        let file = folder.appendingPathComponent("input.txt")
        try Data("from a file\n".utf8).write(to: file)
        let descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
        defer { close(descriptor) }
        XCTAssertEqual(cat.run([], input: .descriptor(descriptor), limits: .init(maxOutputBytes: 100)),
                       .output(Array("from a file\n".utf8), errors: ""))
    }

    func testArgumentsArePassedAsIs() throws {
        let echo = try script("args", #"for a in "$@"; do printf '[%s]' "$a"; done"#)
        XCTAssertEqual(echo.run(["a b", "-", "ü;$x"], limits: .init(maxOutputBytes: 100)), .output(Array("[a b][-][ü;$x]".utf8), errors: ""))
    }

    /// A tool that never ends, with a child of its own: both are killed at the limit.
    func testTimeoutKillsTheWholeGroupAtTheLimit() throws {
        let childFile = folder.appendingPathComponent("child.pid"), leaderFile = folder.appendingPathComponent("leader.pid")
        let tool = try script("forever", "sleep 1000 & echo $! > '\(childFile.path)'; echo $$ > '\(leaderFile.path)'; while :; do sleep 1; done")
        let started = Date()
        let result = tool.run([], limits: .init(seconds: 0.5, maxOutputBytes: 100))
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(result, .timeout(seconds: 0.5))
        XCTAssertGreaterThanOrEqual(elapsed, 0.5)
        XCTAssertLessThan(elapsed, 1.5, "killed at the limit, not later")
        XCTAssertTrue(waitUntilGone(try pid(in: leaderFile)), "the tool survived its timeout")
        XCTAssertTrue(waitUntilGone(try pid(in: childFile)), "the tool's child survived its timeout (orphaned)")
    }

    /// Closing its output does not end the wait: the limit still holds.
    func testToolThatClosesItsOutputAndLingersTimesOut() throws {
        let tool = try script("linger", "exec >&- 2>&-; sleep 1000")
        XCTAssertEqual(tool.run([], limits: .init(seconds: 0.3, maxOutputBytes: 100)), .timeout(seconds: 0.3))
    }

    func testOutputOverTheCapKillsTheTool() throws {
        let leaderFile = folder.appendingPathComponent("leader.pid")
        let tool = try script("flood", "echo $$ > '\(leaderFile.path)'; exec yes 'a line of output'")
        let started = Date()
        guard case let .tooLarge(bytes) = tool.run([], limits: .init(seconds: 30, maxOutputBytes: 1 << 20)) else {
            return XCTFail("not stopped at the cap")
        }
        XCTAssertGreaterThan(bytes, 1 << 20)
        XCTAssertLessThanOrEqual(bytes, (1 << 20) + (64 << 10), "stopped within one read of the cap")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertTrue(waitUntilGone(try pid(in: leaderFile)))
    }

    /// Children left running by a tool that exited are killed with its group.
    func testChildrenLeftBehindByAFinishedToolAreKilled() throws {
        let childFile = folder.appendingPathComponent("child.pid")
        let tool = try script("daemon", "sleep 1000 >/dev/null 2>&1 & echo $! > '\(childFile.path)'; echo done")
        XCTAssertEqual(tool.run([], limits: .init(seconds: 10, maxOutputBytes: 100)), .output(Array("done\n".utf8), errors: ""))
        XCTAssertTrue(waitUntilGone(try pid(in: childFile)))
    }

    func testCancellationKillsTheRunningGroupAtOnceAndStopsLaterRuns() throws {
        let childFile = folder.appendingPathComponent("child.pid")
        let tool = try script("forever", "sleep 1000 & echo $! > '\(childFile.path)'; wait")
        let cancellation = ToolCancellation()
        let childPath = childFile.path
        DispatchQueue.global().async {
            // Cancel once the tool runs (its child's pid is written).
            for _ in 0..<500 where !FileManager.default.fileExists(atPath: childPath) { usleep(5_000) }
            usleep(50_000)
            cancellation.cancel()
        }
        let started = Date()
        XCTAssertEqual(tool.run([], limits: .init(seconds: 60, maxOutputBytes: 100), cancellation: cancellation), .cancelled)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "cancel did not kill the tool at once")
        XCTAssertTrue(waitUntilGone(try pid(in: childFile)))
        XCTAssertEqual(tool.run([], limits: .init(seconds: 60, maxOutputBytes: 100), cancellation: cancellation), .cancelled)
    }

    /// AlbertQA ignores SIGTERM for its own handling; a tool must not inherit that.
    func testToolGetsDefaultSignalHandling() throws {
        let previous = signal(SIGTERM, SIG_IGN)
        defer { signal(SIGTERM, previous) }
        let tool = try script("term", "kill -TERM $$; sleep 5; echo survived")
        XCTAssertEqual(tool.run([], limits: .init(seconds: 10, maxOutputBytes: 100)), .failed(status: 128 + SIGTERM, errors: ""))
    }

    func testOnlyStandardDescriptorsAreInherited() throws {
        let tool = try script("fds", "exec ls /proc/self/fd")
        let file = open("/dev/null", O_RDONLY)  // not close-on-exec: still not inherited
        defer { close(file) }
        guard case let .output(bytes, _) = tool.run([], limits: .init(maxOutputBytes: 1000)) else { return XCTFail("did not run") }
        // 0, 1, 2 and the descriptor ls itself opens to list the folder.
        let descriptors = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        XCTAssertEqual(descriptors.filter { $0 > 3 }, [], "descriptors leaked: \(descriptors)")
    }
}
