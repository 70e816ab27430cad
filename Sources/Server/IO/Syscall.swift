#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: its name and errno. Carried up to where the connection (or the server) decides what to do.
package struct IOError: Error, CustomStringConvertible, Sendable {
    /// The errno value.
    package let code: Int32
    /// The failing call, e.g. "accept4".
    package let function: String

    /// "accept4: Too many open files (errno 24)".
    package var description: String { "\(function): \(String(cString: strerror(code))) (errno \(code))" }
}

/// The result of a non-blocking call: done, or the kernel would have to block.
package enum IOResult<Value> {
    case processed(Value)
    case wouldBlock
}

/// Every system call of the server goes through here (the SwiftNIO rule): EINTR is retried, EAGAIN becomes
/// `.wouldBlock`, EBADF and EFAULT are programmer errors that stop the process (a wrong fd or pointer must never be
/// carried on with), anything else is thrown with errno and the call's name.
@inline(__always)
package func syscall<Result: FixedWidthInteger>(
    _ function: StaticString, _ body: () -> Result
) throws(IOError) -> IOResult<Result> {
    while true {
        let result = body()
        if result != -1 { return .processed(result) }
        let code = errno
        switch code {
        case EINTR:
            continue
        case EAGAIN, EWOULDBLOCK:
            return .wouldBlock
        case EBADF, EFAULT:
            preconditionFailure("\(function) failed with errno \(code): a bad descriptor or pointer is a bug")
        default:
            throw IOError(code: code, function: "\(function)")
        }
    }
}

/// A call that must not block and must succeed (set-up calls): returns its value or throws.
@inline(__always)
package func syscallValue<Result: FixedWidthInteger>(
    _ function: StaticString, _ body: () -> Result
) throws(IOError) -> Result {
    switch try syscall(function, body) {
    case .processed(let value): return value
    case .wouldBlock: throw IOError(code: EAGAIN, function: "\(function)")
    }
}

/// Closes a descriptor we own. close(2) must not be retried on EINTR on Linux (the fd is gone either way).
package func closeDescriptor(_ fd: Int32) {
    precondition(fd >= 0)
    _ = Glibc.close(fd)
}

func sysconfProcessors() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

/// Sleeps the calling thread (never an event loop).
func usleepMilliseconds(_ milliseconds: UInt32) { usleep(milliseconds * 1000) }
