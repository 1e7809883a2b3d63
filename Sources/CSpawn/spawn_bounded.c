#define _GNU_SOURCE
#include "spawn_bounded.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// Only async-signal-safe calls between fork and exec: the parent is multithreaded.
static void child_fail(int report_fd) {
    int error = errno;
    ssize_t ignored = write(report_fd, &error, sizeof error);
    (void)ignored;
    _exit(127);
}

static int move_to(int fd, int target, int report_fd) {
    if (fd < 0) {
        fd = open("/dev/null", target == 0 ? O_RDONLY : O_WRONLY);
        if (fd < 0) child_fail(report_fd);
    }
    if (fd == target) {
        // dup2 onto itself keeps FD_CLOEXEC: clear it by hand.
        int flags = fcntl(fd, F_GETFD);
        if (flags < 0 || fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) < 0) child_fail(report_fd);
        return target;
    }
    if (dup2(fd, target) < 0) child_fail(report_fd);
    return target;
}

pid_t albertqa_spawn_bounded(const char *path, char *const argv[], char *const envp[],
                             int stdin_fd, int stdout_fd, int stderr_fd) {
    // The exec's failure comes back through a close-on-exec pipe: end of file means it ran.
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -1;
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        int error = errno;
        close(report[0]);
        close(report[1]);
        errno = error;
        return -1;
    }
    if (child == 0) {
        if (setpgid(0, 0) != 0) child_fail(report[1]);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(report[1]);
        // The parent may have died before prctl: then nobody would ever send the signal.
        if (getppid() != parent) _exit(127);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int number = 1; number < NSIG; number++) {
            if (number != SIGKILL && number != SIGSTOP) signal(number, SIG_DFL);
        }
        // Descriptors are moved above 2 first, so that one standard slot does not overwrite
        // another's source (stdout_fd == 0, say).
        int in = stdin_fd >= 0 && stdin_fd <= 2 ? fcntl(stdin_fd, F_DUPFD_CLOEXEC, 3) : stdin_fd;
        int out = stdout_fd >= 0 && stdout_fd <= 2 ? fcntl(stdout_fd, F_DUPFD_CLOEXEC, 3) : stdout_fd;
        int err = stderr_fd >= 0 && stderr_fd <= 2 ? fcntl(stderr_fd, F_DUPFD_CLOEXEC, 3) : stderr_fd;
        move_to(in, 0, report[1]);
        move_to(out, 1, report[1]);
        move_to(err, 2, report[1]);
        // Every other descriptor is closed (the index database, other tools' pipes) except
        // the report pipe, which closes itself on exec.
        for (int fd = 3; fd < report[1]; fd++) close(fd);
        syscall(SYS_close_range, (unsigned)report[1] + 1, ~0U, 0);
        execve(path, argv, envp);
        child_fail(report[1]);
    }
    close(report[1]);
    int error = 0;
    ssize_t got;
    do {
        got = read(report[0], &error, sizeof error);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof error) {
        int status;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
        errno = error;
        return -1;
    }
    return child;
}

int albertqa_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int albertqa_memory_file(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

int albertqa_has_exited(pid_t pid) {
    siginfo_t info;
    info.si_pid = 0;
    int result;
    do {
        result = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT);
    } while (result < 0 && errno == EINTR);
    if (result < 0) return -1;
    return info.si_pid == pid ? 1 : 0;
}
