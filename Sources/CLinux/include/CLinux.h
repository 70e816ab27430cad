#ifndef RAGD_CLINUX_H
#define RAGD_CLINUX_H

// Linux-only system interfaces that Glibc's Swift module does not export (epoll, eventfd, timerfd, signalfd) plus
// the socket options the server sets. The epoll wrappers use an unpacked event struct because `struct epoll_event`
// is packed on x86_64 and its layout is easy to get wrong from Swift.

#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <malloc.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>

/// One readiness event: the epoll event mask and the 64-bit registration data given at registration.
typedef struct {
    uint32_t events;
    uint64_t data;
} ragd_epoll_event;

/// epoll_ctl with the registration data passed as a plain integer.
int ragd_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);

/// epoll_wait into an array of unpacked events; returns what epoll_wait returns.
int ragd_epoll_wait(int epfd, ragd_epoll_event *events, int maxevents, int timeout_ms);

/// epoll_create1(EPOLL_CLOEXEC).
int ragd_epoll_create(void);

/// A non-blocking, close-on-exec eventfd for cross-thread wake-ups.
int ragd_eventfd(void);

/// A non-blocking, close-on-exec timerfd on the monotonic clock.
int ragd_timerfd(void);

/// A non-blocking, close-on-exec TCP socket of `domain` (AF_INET or AF_INET6).
int ragd_tcp_socket(int domain);

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
int ragd_accept(int fd, struct sockaddr_storage *address, socklen_t *length);

/// Event mask bits, exported as plain constants because glibc declares some of them as enum members.
extern const uint32_t RAGD_EPOLLIN, RAGD_EPOLLOUT, RAGD_EPOLLERR, RAGD_EPOLLHUP, RAGD_EPOLLRDHUP;

/// Arms a periodic timerfd: first expiry after `interval_ns`, then every `interval_ns`.
int ragd_timerfd_set_interval(int fd, int64_t interval_ns);

/// Names the calling thread (at most 15 bytes are kept); shows in `top -H`, gdb and core dumps.
void ragd_set_thread_name(const char *name);

/// Raises the calling thread's nice value by `increment` (capped at 19); returns the new value, or -1 on failure.
/// Linux schedules each thread with its own nice value, so this lowers one thread, not the process.
int ragd_lower_thread_priority(int increment);

/// The calling thread's nice value.
int ragd_thread_nice(void);

/// Monotonic clock in nanoseconds (CLOCK_MONOTONIC, vDSO-backed: no syscall).
uint64_t ragd_monotonic_ns(void);

/// Wall clock as seconds and nanoseconds since the Unix epoch (CLOCK_REALTIME).
void ragd_realtime(int64_t *seconds, int32_t *nanoseconds);

/// Blocks SIGTERM and SIGINT in the calling thread (and every thread it
/// starts afterwards) so they can be received synchronously with sigwait; ignores SIGPIPE process-wide.
int ragd_block_shutdown_signals(void);

/// Waits for SIGTERM or SIGINT (blocked beforehand) and returns the signal number, or -1 on error.
int ragd_wait_shutdown_signal(void);

/// Flushes every file of the filesystem holding `fd` to stable storage (syncfs(2)): one call makes a batch of
/// freshly written files durable. Returns 0 or -1 with errno.
int ragd_syncfs(int fd);

#endif
