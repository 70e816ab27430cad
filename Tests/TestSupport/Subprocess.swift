#if canImport(Glibc)
import Glibc
#endif
import Threading

/// Runs an external checker (promtool, python3) with `input` on stdin and collects stdout and stderr together.
package enum Subprocess {
    package struct Result {
        package var status: Int32
        package var output: String
    }

    package static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    package static func run(_ path: String, _ arguments: [String], input: [UInt8],
                            environment overrides: [String: String] = [:]) -> Result {
        // A checker that exits before reading all input must not kill the test process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let stdinPipe = FileDescriptors.pipe()
        let outputPipe = FileDescriptors.pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe.read, 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe.write, 1)
        posix_spawn_file_actions_adddup2(&actions, outputPipe.write, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The test's own environment with `overrides` on top.
        var environment: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if let name = text.split(separator: "=", maxSplits: 1).first, overrides[String(name)] == nil {
                environment.append(text)
            }
            index += 1
        }
        environment += overrides.map { "\($0.key)=\($0.value)" }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(stdinPipe.read)
        close(outputPipe.write)
        guard spawned == 0 else {
            close(stdinPipe.write)
            close(outputPipe.read)
            return Result(status: -1, output: "posix_spawn failed: \(spawned)")
        }
        let inputFD = stdinPipe.write
        let writer = OSThread.spawn(name: "test-stdin") {
            input.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let count = write(inputFD, raw.baseAddress! + offset, raw.count - offset)
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { break }
                    offset += count
                }
            }
            close(inputFD)
        }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(outputPipe.read, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output += chunk[..<count]
        }
        close(outputPipe.read)
        writer.join()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WEXITSTATUS, or -1 when killed by a signal.
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
        return Result(status: exitCode, output: String(decoding: output, as: UTF8.self))
    }
}
