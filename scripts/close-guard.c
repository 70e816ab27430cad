// Preloaded into the test process by scripts/test.sh: traps, with a crash report, on any close() of a descriptor that
// is not open. A double close is only caught this way by luck — when the number was not reused in between; when it
// was, the second close silently takes another test's socket and that test fails later with EBADF, far from the
// cause. Tests run ~20 suites at once, so that happened in CI. Only the test binary (*.xctest) is guarded: tools it
// starts (python, the ragd executable under test) inherit the preload but are left alone.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int (*real_close)(int);
static int guarded = -1;

int close(int fd) {
    if (!real_close) real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
    int rc = real_close(fd);
    if (rc == -1 && errno == EBADF && fd >= 0) {
        if (guarded < 0) guarded = strstr(program_invocation_short_name, ".xctest") != NULL;
        if (guarded) {
            fprintf(stderr, "close-guard: close(%d) of a descriptor that is not open (a double close?)\n", fd);
            // Trap here rather than abort(): the Swift runtime's crash report then unwinds from this frame through
            // the Swift callers, with file and line for each.
            __builtin_trap();
        }
        errno = EBADF;
    }
    return rc;
}
