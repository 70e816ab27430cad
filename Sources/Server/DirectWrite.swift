import Synchronization

/// Who may write a pool handler's response to the socket: the worker that produced it, or the event loop.
///
/// Handing every response back to the loop costs a cross-thread wake-up per request (an eventfd write, the loop
/// leaving epoll_wait, a context switch), about a tenth of a short query's CPU on a small machine. So when the loop
/// dispatches a request whose response can go out at once — nothing else is buffered for the connection and it
/// stays open — it *arms* this; the worker *claims* it, sends the whole response itself and marks it *written*. The
/// loop settles the written response (the connection goes back to idle) at its next event for the connection,
/// usually the client's next request, so the common case needs no wake-up at all.
///
/// Everything else the loop does to a busy connection (closing it, draining, a timeout, pipelined input to serve)
/// first tries to *disarm*: when that fails the worker holds the socket, so the loop must not close or write it and
/// instead asks to be told (`requestNotice`); the worker posts the settlement when it is done. A worker that cannot
/// send everything (the socket buffer is full, the peer is gone) hands the rest back to the loop.
final class DirectWrite: Sendable {
    private enum State: UInt8 {
        /// The loop owns the socket (also: the worker found it disarmed and posts its response as usual).
        case off
        /// The worker may claim the socket.
        case armed
        /// The worker is sending; the loop must not touch the socket.
        case writing
        /// The worker sent the whole response; the loop has not settled it yet.
        case written
    }

    private let state = Atomic<UInt8>(State.off.rawValue)
    /// Set by the loop when it needs to hear of the completion without waiting for another event.
    private let noticeWanted = Atomic<Bool>(false)

    /// Loop: the next response may be written by the worker.
    func arm() {
        noticeWanted.store(false, ordering: .sequentiallyConsistent)
        state.store(State.armed.rawValue, ordering: .sequentiallyConsistent)
    }

    /// Loop: takes the socket back before the worker claims it; false if the worker holds it or has written.
    func disarm() -> Bool {
        if state.load(ordering: .sequentiallyConsistent) == State.off.rawValue { return true }
        return state.compareExchange(expected: State.armed.rawValue, desired: State.off.rawValue,
                                     ordering: .sequentiallyConsistent).exchanged
    }

    /// Loop: asks the worker to post when it is done; true if it already is (the loop settles it now).
    func requestNotice() -> Bool {
        noticeWanted.store(true, ordering: .sequentiallyConsistent)
        return state.load(ordering: .sequentiallyConsistent) == State.written.rawValue
    }

    /// Loop: whether a written response is waiting to be settled; true exactly once per response.
    func takeWritten() -> Bool {
        state.compareExchange(expected: State.written.rawValue, desired: State.off.rawValue,
                              ordering: .sequentiallyConsistent).exchanged
    }

    /// Worker: claims the socket; false if the loop disarmed it.
    func claim() -> Bool {
        state.compareExchange(expected: State.armed.rawValue, desired: State.writing.rawValue,
                              ordering: .sequentiallyConsistent).exchanged
    }

    /// Worker: the response is out. Returns whether the loop asked to be told.
    func finish() -> Bool {
        state.store(State.written.rawValue, ordering: .sequentiallyConsistent)
        return noticeWanted.load(ordering: .sequentiallyConsistent)
    }

    /// Worker: gives the socket back with the response unfinished; the worker posts what remains.
    func handBack() {
        state.store(State.off.rawValue, ordering: .sequentiallyConsistent)
    }
}
