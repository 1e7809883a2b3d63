#define _GNU_SOURCE 1
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include "tui_terminal.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

extern char **environ;

static bool is_utf8(const char *name) {
    return name && (strcasestr(name, "utf-8") || strcasestr(name, "utf8"));
}

bool tui_prepare_locale(void) {
    if (is_utf8(setlocale(LC_CTYPE, NULL))) return true;
    if (is_utf8(setlocale(LC_CTYPE, ""))) return true;
    return is_utf8(setlocale(LC_CTYPE, "C.UTF-8"));
}

int tui_wcwidth(uint32_t character) { return wcwidth((wchar_t)character); }

static bool active = false;
static bool colors = false;
static bool mouse = false;

// What the crash handlers restore. Written before curses starts, read in signal handlers.
static struct termios saved_termios;
static volatile sig_atomic_t have_saved_termios = 0;
static volatile sig_atomic_t terminal_in_curses = 0;

static void start_mouse(void) {
    if (!mouse) return;
    mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);  // no click-detection delay: a press is a click
}

bool tui_start(bool use_colors, bool use_mouse) {
    if (active) return true;
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0) have_saved_termios = 1;
    tui_install_crash_handlers();
    if (!initscr()) return false;
    active = true;
    terminal_in_curses = 1;
    raw();  // Ctrl-C arrives as a key: once cancels, twice quits
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    colors = use_colors && has_colors();
    if (colors) {
        start_color();
        use_default_colors();
        init_pair(TUI_COLOR_HIGHLIGHT, COLOR_BLACK, COLOR_YELLOW);
        init_pair(TUI_COLOR_ACCENT, COLOR_CYAN, -1);
        init_pair(TUI_COLOR_MUTED, COLOR_BLUE, -1);
        init_pair(TUI_COLOR_BAR, COLOR_GREEN, -1);
        init_pair(TUI_COLOR_ERROR, COLOR_RED, -1);
    }
    mouse = use_mouse;
    start_mouse();
    return true;
}

void tui_stop(void) {
    if (!active) return;
    if (mouse) mousemask(0, NULL);
    curs_set(1);
    endwin();
    active = false;
    terminal_in_curses = 0;
}

bool tui_active(void) { return active; }
bool tui_colors(void) { return colors; }

void tui_size(int *rows, int *cols) { getmaxyx(stdscr, *rows, *cols); }

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

// get_wch returns ERR both on a timeout and when the terminal is gone (read() gives 0 or EIO
// forever). Without telling them apart the loop spins on a core after the terminal vanished.
static int early_errors = 0;

static bool terminal_gone(void) {
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&p, 1, 0) < 0) return errno != EINTR;
    return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

tui_key tui_read_key(int timeout_ms, uint32_t *character, tui_mouse *event) {
    timeout(timeout_ms);
    wint_t ch = 0;
    long long started = now_ms();
    int status = get_wch(&ch);
    if (status == ERR) {
        if (terminal_gone()) return TUI_KEY_HANGUP;
        // A timeout takes about timeout_ms; ERR far sooner, again and again, is a dead
        // terminal whose poll() does not say so (signals cut single waits short, not 50 in a row).
        if (timeout_ms > 0 && now_ms() - started < timeout_ms / 2) {
            if (++early_errors >= 50) return TUI_KEY_HANGUP;
        } else {
            early_errors = 0;
        }
        return TUI_KEY_NONE;
    }
    early_errors = 0;
    if (status == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP: return TUI_KEY_UP;
        case KEY_DOWN: return TUI_KEY_DOWN;
        case KEY_LEFT: return TUI_KEY_LEFT;
        case KEY_RIGHT: return TUI_KEY_RIGHT;
        case KEY_HOME: return TUI_KEY_HOME;
        case KEY_END: return TUI_KEY_END;
        case KEY_PPAGE: return TUI_KEY_PAGE_UP;
        case KEY_NPAGE: return TUI_KEY_PAGE_DOWN;
        case KEY_BACKSPACE: return TUI_KEY_BACKSPACE;
        case KEY_DC: return TUI_KEY_DELETE;
        case KEY_BTAB: return TUI_KEY_BACK_TAB;
        case KEY_ENTER: return TUI_KEY_ENTER;
        case KEY_RESIZE: return TUI_KEY_RESIZE;
        case KEY_MOUSE: {
            MEVENT m;
            if (getmouse(&m) != OK || !event) return TUI_KEY_OTHER;
            event->row = m.y;
            event->col = m.x;
            if (m.bstate & BUTTON4_PRESSED) event->kind = TUI_MOUSE_WHEEL_UP;
#ifdef BUTTON5_PRESSED
            else if (m.bstate & BUTTON5_PRESSED) event->kind = TUI_MOUSE_WHEEL_DOWN;
#endif
            else if (m.bstate & BUTTON1_PRESSED) event->kind = TUI_MOUSE_PRESS;
            else return TUI_KEY_OTHER;
            return TUI_KEY_MOUSE;
        }
        default: return TUI_KEY_OTHER;
        }
    }
    *character = (uint32_t)ch;
    return TUI_KEY_CHAR;
}

void tui_erase(void) { erase(); }

void tui_draw(int row, int col, const wchar_t *text, int count, int style, int color) {
    attr_t attributes = A_NORMAL;
    if (style & TUI_BOLD) attributes |= A_BOLD;
    if (style & TUI_REVERSE) attributes |= A_REVERSE;
    if (style & TUI_UNDERLINE) attributes |= A_UNDERLINE;
    if (style & TUI_DIM) attributes |= A_DIM;
    attr_set(attributes, (short)(colors ? color : 0), NULL);
    mvaddnwstr(row, col, text, count);
    attr_set(A_NORMAL, 0, NULL);
}

void tui_cursor(int row, int col, bool visible) {
    curs_set(visible ? 1 : 0);
    if (visible) move(row, col);
}

void tui_refresh(void) { refresh(); }

static bool write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes += n;
        count -= (size_t)n;
    }
    return true;
}

bool tui_write_raw(const char *bytes, size_t count) { return write_all(STDOUT_FILENO, bytes, count); }

// MARK: Handing the terminal to another program

static void leave_curses(void) {
    if (!active) return;
    if (mouse) mousemask(0, NULL);
    def_prog_mode();
    endwin();
    terminal_in_curses = 0;
}

static void resume_curses(void) {
    if (!active) return;
    reset_prog_mode();
    start_mouse();
    terminal_in_curses = 1;
    clearok(stdscr, TRUE);
    refresh();
}

int tui_run_foreground(char *const argv[], const char *input, size_t input_count) {
    int input_fd = -1;
    if (input) {
        // A private, already unlinked file rather than a pipe: a pager reads its input lazily,
        // and a pipe would block us (or SIGPIPE us) while it waits for the user.
        char path[] = "/tmp/albertqa-pager-XXXXXX";
        const char *tmp = getenv("TMPDIR");
        char buffer[4096];
        if (tmp && strlen(tmp) + 32 < sizeof buffer) {
            snprintf(buffer, sizeof buffer, "%s/albertqa-pager-XXXXXX", tmp);
            input_fd = mkstemp(buffer);
            if (input_fd >= 0) unlink(buffer);
        }
        if (input_fd < 0) {
            input_fd = mkstemp(path);  // mkstemp creates 0600
            if (input_fd >= 0) unlink(path);
        }
        if (input_fd < 0 || !write_all(input_fd, input, input_count) || lseek(input_fd, 0, SEEK_SET) != 0) {
            if (input_fd >= 0) close(input_fd);
            return -1;
        }
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (input_fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, input_fd, STDIN_FILENO);
        posix_spawn_file_actions_addclose(&actions, input_fd);
    }
    // The child gets every signal's default action and an empty mask (we ignore some).
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    // The terminal is cooked while the child runs: its Ctrl-C / Ctrl-\ / Ctrl-Z are for it,
    // not for us (we share its process group).
    struct sigaction ignore = {0}, old_int, old_quit, old_tstp;
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    sigaction(SIGTSTP, &ignore, &old_tstp);

    leave_curses();
    pid_t pid;
    int result = -1;
    if (posix_spawnp(&pid, argv[0], &actions, &attributes, argv, environ) == 0) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        result = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
    }
    resume_curses();

    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    sigaction(SIGTSTP, &old_tstp, NULL);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (input_fd >= 0) close(input_fd);
    return result;
}

void tui_suspend_self(void) {
    leave_curses();
    struct sigaction defaults = {0}, old;
    defaults.sa_handler = SIG_DFL;
    sigaction(SIGTSTP, &defaults, &old);
    kill(0, SIGTSTP);  // the whole process group stops, as with a shell's Ctrl-Z; fg resumes here
    sigaction(SIGTSTP, &old, NULL);
    resume_curses();
}

// MARK: Crash handlers (htop's CRT_handleSIGSEGV is the model)

static void write_text(const char *text) { write_all(STDERR_FILENO, text, strlen(text)); }

static void crash_handler(int signal_number) {
    if (terminal_in_curses) {
        // Only async-signal-safe calls: tcsetattr and write. endwin() is not, and the state
        // it would restore is exactly the saved termios plus these modes: mouse reporting off,
        // attributes reset, cursor shown, keypad mode off, the alternate screen left.
        static const char reset[] = "\033[?1000l\033[?1002l\033[?1006l\033[0m\033[?25h\033[?1l\033>\033[?1049l\r\n";
        write_all(STDOUT_FILENO, reset, sizeof reset - 1);
        if (have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
        terminal_in_curses = 0;
    }
    char number[4] = {0};
    int n = signal_number, i = 0;
    char digits[4];
    do { digits[i++] = (char)('0' + n % 10); n /= 10; } while (n > 0 && i < 3);
    for (int j = 0; j < i; j++) number[j] = digits[i - 1 - j];
    write_text("albertqa: crashed (signal ");
    write_text(number);
    write_text("); the terminal was restored. Please report this with the steps that led to it.\n");
    // Re-raise with the default action so the exit status and core dump are the real ones.
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

void tui_install_crash_handlers(void) {
    static bool installed = false;
    if (installed) return;
    installed = true;
    static const int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
    // An alternate stack, so a stack overflow can still restore the terminal.
    static char alternate_stack[64 * 1024];
    stack_t stack = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack, .ss_flags = 0};
    sigaltstack(&stack, NULL);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action = {0};
        action.sa_handler = crash_handler;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
        sigaction(signals[i], &action, NULL);
    }
}
