#if canImport(Glibc)
import Glibc
#endif

/// A long-running child process (the `ragd` binary) with its stdout and stderr captured line by line.
package final class ChildProcess {
    /// The child's pid.
    package let pid: pid_t
    private let output: Int32
    private var buffer: [UInt8] = []
    private var exitStatus: Int32?
    /// Every line read so far.
    package private(set) var lines: [String] = []

    /// Starts `path` with `arguments` and `environment` added to (or replacing) the current environment.
    package init(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        signal(SIGPIPE, SIG_IGN)
        let pipe = FileDescriptors.pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe.write, 1)
        posix_spawn_file_actions_adddup2(&actions, pipe.write, 2)
        var merged: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                merged[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        for (key, value) in environment { merged[key] = value }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(pipe.write)
        guard spawned == 0 else {
            close(pipe.read)
            throw TestClient.Failure(description: "posix_spawn \(path) failed: \(spawned)")
        }
        self.pid = pid
        output = pipe.read
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
        close(output)
    }

    /// Reads lines until one contains `text` (returned) or `timeout` seconds pass (nil).
    package func waitForLine(containing text: String, timeout: Double = 10) -> String? {
        if let found = lines.first(where: { $0.contains(text) }) { return found }
        let deadline = Self.now + timeout
        while Self.now < deadline {
            guard let line = readLine(timeout: deadline - Self.now) else { return nil }
            if line.contains(text) { return line }
        }
        return nil
    }

    /// Sends `signal` to the child.
    package func send(_ signal: Int32) { kill(pid, signal) }

    /// Waits up to `timeout` seconds for the child to exit; its exit code, or -signal when killed, or nil.
    package func wait(timeout: Double) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Self.now + timeout
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -(status & 0x7F)
                exitStatus = code
                drainOutput()
                return code
            }
            if Self.now >= deadline { return nil }
            // Keep reading while waiting: a child blocked writing to a full pipe would never exit.
            _ = readLine(timeout: 0.01)
        }
    }

    private func drainOutput() {
        while readLine(timeout: 0.2) != nil {}
    }

    private func readLine(timeout: Double) -> String? {
        let deadline = Self.now + timeout
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                lines.append(line)
                return line
            }
            let remaining = deadline - Self.now
            guard remaining > 0 else { return nil }
            var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(remaining * 1000) + 1)
            // A signal (another test's child exiting: SIGCHLD) interrupts the wait; it is not the end of the output.
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    private static var now: Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// A fresh directory under /tmp, removed by `remove()`.
package struct TemporaryDirectory {
    /// Its path.
    package let path: String

    /// Creates the directory.
    package init(prefix: String = "ragd-test") {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed")
        path = String(cString: created!)
    }

    /// Deletes the directory and everything in it.
    package func remove() {
        _ = Subprocess.run("/bin/rm", ["-rf", path], input: [])
    }
}
