import CSpawn
import Foundation

extension ExternalTool {
    /// Runs the tool with `arguments` and `input`, bounded by `limits`, and returns how it
    /// ended. The tool leads its own process group; on timeout, output over the cap and
    /// cancellation the whole group is killed (SIGKILL) at once, and after a normal exit too,
    /// so no child it started outlives it. It also gets SIGKILL if AlbertQA dies
    /// (PR_SET_PDEATHSIG, which follows the *thread* that started it: `run` blocks that
    /// thread until the tool is reaped, so the two end together).
    /// `environment` adds to (or overrides) AlbertQA's own.
    public func run(_ arguments: [String], input: Input = .none, limits: Limits,
                    environment: [String: String] = [:], cancellation: ToolCancellation? = nil) -> Result {
        guard let path else { return .missing(package: package) }
        if cancellation?.isCancelled == true { return .cancelled }

        let inputDescriptor: Int32, ownsInput: Bool
        switch Self.standardInput(for: input) {
        case let .ready(descriptor, owned): (inputDescriptor, ownsInput) = (descriptor, owned)
        case let .failed(result): return result
        }
        defer { if ownsInput { close(inputDescriptor) } }

        var output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard albertqa_pipe_cloexec(&output) == 0 else { return .failed(status: -1, errors: "pipe: \(String(cString: strerror(errno)))") }
        guard albertqa_pipe_cloexec(&errors) == 0 else {
            close(output[0]); close(output[1])
            return .failed(status: -1, errors: "pipe: \(String(cString: strerror(errno)))")
        }

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        let pid = albertqa_spawn_bounded(path, argv, envp, inputDescriptor, output[1], errors[1])
        let spawnError = errno
        close(output[1]); close(errors[1])
        defer { close(output[0]); close(errors[0]) }
        guard pid > 0 else {
            return .failed(status: 127, errors: "\(name) did not start: \(String(cString: strerror(spawnError)))")
        }

        let started = DispatchTime.now().uptimeNanoseconds
        let deadline = started + UInt64(max(0, limits.seconds) * 1e9)
        var stopped: Result?
        if let cancellation, !cancellation.register(pid) { stopped = .cancelled }
        var outputBytes: [UInt8] = []
        var errorBytes: [UInt8] = []
        if stopped == nil {
            stopped = Self.collect(from: output[0], errors: errors[0], pid: pid, deadline: deadline, limits: limits,
                                   output: &outputBytes, errorOutput: &errorBytes)
        }
        // The leader is still unreaped here, so its pid still names its group: kill whatever is
        // left of the group (a stopped tool, or children a finished one left behind), then reap.
        killpg(pid, SIGKILL)
        cancellation?.unregister(pid)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return Self.outcome(status: status, stopped: stopped, cancellation: cancellation, output: outputBytes, errors: errorBytes)
    }

    /// The tool's standard input: a descriptor, and whether `run` owns (and closes) it.
    private enum StandardInput {
        case ready(Int32, owned: Bool)
        case failed(Result)
    }

    /// /dev/null (-1), the caller's descriptor, or the bytes in an in-memory file read from its start.
    private static func standardInput(for input: Input) -> StandardInput {
        switch input {
        case .none: return .ready(-1, owned: false)
        case let .descriptor(descriptor): return .ready(descriptor, owned: false)
        case let .bytes(bytes):
            let descriptor = albertqa_memory_file("albertqa-tool-input")
            guard descriptor >= 0 else { return .failed(.failed(status: -1, errors: "cannot create its input: \(String(cString: strerror(errno)))")) }
            guard Self.writeAll(bytes, to: descriptor), lseek(descriptor, 0, SEEK_SET) == 0 else {
                close(descriptor)
                return .failed(.failed(status: -1, errors: "cannot write its input"))
            }
            return .ready(descriptor, owned: true)
        }
    }

    /// How a reaped run ended, from its wait status and how it was stopped, if it was.
    private static func outcome(status: Int32, stopped: Result?, cancellation: ToolCancellation?, output: [UInt8], errors: [UInt8]) -> Result {
        let message = String(decoding: errors, as: UTF8.self)
        // Exited: its status; killed by a signal: 128 + the signal, as shells say.
        let exited = status & 0x7F == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        // A cancel wins over what the kill it sent looked like (an end of output, a timeout).
        if cancellation?.isCancelled == true, stopped != nil || !exited { return .cancelled }
        if let stopped { return stopped }
        if exited, code == 0 { return .output(output, errors: message) }
        return .failed(status: code, errors: message)
    }

    /// Reads standard output and error until both end and the leader exits; nil then, or how
    /// the run was stopped (time limit, output cap). Never reaps the leader.
    private static func collect(from outputDescriptor: Int32, errors errorDescriptor: Int32, pid: pid_t, deadline: UInt64,
                                limits: Limits, output: inout [UInt8], errorOutput: inout [UInt8]) -> Result? {
        var descriptors = [pollfd(fd: outputDescriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: errorDescriptor, events: Int16(POLLIN), revents: 0)]
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        func remainingMilliseconds() -> Int32? {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return nil }
            return Int32(min((deadline - now + 999_999) / 1_000_000, 1 << 30))
        }
        while descriptors.contains(where: { $0.fd >= 0 }) {
            guard let wait = remainingMilliseconds() else { return .timeout(seconds: limits.seconds) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), wait)
            if ready < 0 {
                if errno == EINTR { continue }
                return .failed(status: -1, errors: "poll: \(String(cString: strerror(errno)))")
            }
            for slot in descriptors.indices where descriptors[slot].fd >= 0 && descriptors[slot].revents != 0 {
                let got = chunk.withUnsafeMutableBytes { read(descriptors[slot].fd, $0.baseAddress, $0.count) }
                if got < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    descriptors[slot].fd = -1
                } else if got == 0 {
                    descriptors[slot].fd = -1
                } else if slot == 0 {
                    output += chunk[0..<got]
                    if output.count > limits.maxOutputBytes { return .tooLarge(bytes: output.count) }
                } else if errorOutput.count < limits.maxErrorBytes {
                    errorOutput += chunk[0..<min(got, limits.maxErrorBytes - errorOutput.count)]
                }
            }
        }
        // Both pipes ended; the leader may still run (it closed them, or handed them to no
        // one): wait for its exit within the same deadline.
        var pause: UInt32 = 500
        while true {
            switch albertqa_has_exited(pid) {
            case 1: return nil
            case 0:
                guard remainingMilliseconds() != nil else { return .timeout(seconds: limits.seconds) }
                usleep(pause)
                pause = min(pause * 2, 20_000)
            default: return nil  // not our child any more (cannot happen): nothing to wait for
            }
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += count
        }
        return true
    }
}
