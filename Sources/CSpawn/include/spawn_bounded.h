#ifndef ALBERTQA_SPAWN_BOUNDED_H
#define ALBERTQA_SPAWN_BOUNDED_H

// Starting an external tool (pdftotext, antiword, tesseract…) so that it can always be
// ended: in a process group of its own (killing the group ends its children too), with
// PR_SET_PDEATHSIG so that it dies with AlbertQA even when AlbertQA is killed outright, and
// with default signal handling (AlbertQA ignores SIGINT/SIGTERM/SIGHUP for its dispatch
// sources, and ignored signals stay ignored across exec). posix_spawn offers the process
// group and the signal settings but not the parent-death signal, hence this fork/exec shim.

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Starts `path` with `argv` (NULL-terminated, argv[0] included) and `envp`, its standard
/// input, output and error on the descriptors given (-1: /dev/null), every other descriptor
/// closed. The child leads a new process group (its pid) and gets SIGKILL when the thread
/// that started it ends. Returns the child's pid, or -1 with errno set (the exec's errno
/// when the program could not be run).
pid_t albertqa_spawn_bounded(const char *path, char *const argv[], char *const envp[],
                             int stdin_fd, int stdout_fd, int stderr_fd);

/// pipe2(O_CLOEXEC): both ends close on exec, so no other child inherits them.
int albertqa_pipe_cloexec(int fds[2]);

/// An anonymous in-memory file (memfd, close-on-exec) for bytes handed to a tool as its
/// standard input: seekable, unlike a pipe (pdftotext seeks), and never on disk.
int albertqa_memory_file(const char *name);

/// waitid(P_PID, pid, WEXITED | WNOHANG | WNOWAIT): 1 when `pid` has ended (not reaped yet,
/// so its pid still names its process group), 0 while it runs, -1 on error.
int albertqa_has_exited(pid_t pid);

#ifdef __cplusplus
}
#endif

#endif
