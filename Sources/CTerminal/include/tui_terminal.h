#ifndef ALBERTQA_TUI_TERMINAL_H
#define ALBERTQA_TUI_TERMINAL_H

// A thin C face over ncursesw's wide-character API: curses' macros (COLOR_PAIR, KEY_*,
// getmaxyx) do not import into Swift, so the few calls the TUI needs are wrapped here, with
// the pieces that must be async-signal-safe (crash handlers) or talk to the process table
// (running an editor in the foreground).

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Keys beyond plain characters.
typedef enum {
    TUI_KEY_NONE = 0,  // timeout: nothing pressed
    TUI_KEY_CHAR,      // a character (control characters included) in *character
    TUI_KEY_UP, TUI_KEY_DOWN, TUI_KEY_LEFT, TUI_KEY_RIGHT,
    TUI_KEY_HOME, TUI_KEY_END, TUI_KEY_PAGE_UP, TUI_KEY_PAGE_DOWN,
    TUI_KEY_BACKSPACE, TUI_KEY_DELETE, TUI_KEY_BACK_TAB, TUI_KEY_ENTER,
    TUI_KEY_RESIZE, TUI_KEY_OTHER,
    TUI_KEY_MOUSE,     // a mouse event in *mouse
    TUI_KEY_HANGUP     // the terminal is gone (EOF, EIO, hang-up): the app must end
} tui_key;

/// A mouse event: where (0-based cell) and what.
typedef enum { TUI_MOUSE_PRESS = 1, TUI_MOUSE_WHEEL_UP, TUI_MOUSE_WHEEL_DOWN } tui_mouse_kind;
typedef struct { int row; int col; int kind; } tui_mouse;

/// Visual styles, combined with |.
enum { TUI_BOLD = 1, TUI_REVERSE = 2, TUI_UNDERLINE = 4, TUI_DIM = 8 };

/// Colour pairs set up by tui_start when colours are on.
enum { TUI_COLOR_DEFAULT = 0, TUI_COLOR_HIGHLIGHT = 1, TUI_COLOR_ACCENT = 2, TUI_COLOR_MUTED = 3, TUI_COLOR_BAR = 4, TUI_COLOR_ERROR = 5 };

/// Makes the C library's character type locale a UTF-8 one (the user's if it is, else
/// C.UTF-8), which ncursesw and wcwidth need. Returns true when one is set.
bool tui_prepare_locale(void);
/// Terminal cells of a character (wcwidth); -1 for non-printable ones.
int tui_wcwidth(uint32_t character);

/// Enters curses mode (raw keys, no echo, keypad, 25 ms Esc delay), mouse reporting when
/// `use_mouse`. Also installs the crash handlers. Returns false when the terminal cannot be
/// driven.
bool tui_start(bool use_colors, bool use_mouse);
/// Leaves curses mode and restores the terminal; safe to call more than once.
void tui_stop(void);
bool tui_active(void);
bool tui_colors(void);
void tui_size(int *rows, int *cols);
/// Waits up to `timeout_ms` for a key.
tui_key tui_read_key(int timeout_ms, uint32_t *character, tui_mouse *mouse);
void tui_erase(void);
/// Draws `count` wide characters at (row, col) with a style and colour pair.
void tui_draw(int row, int col, const wchar_t *text, int count, int style, int color);
void tui_cursor(int row, int col, bool visible);
void tui_refresh(void);

/// Writes bytes straight to the terminal (for OSC 52); false on a write error.
bool tui_write_raw(const char *bytes, size_t count);

/// Leaves curses mode, runs argv[0] (looked up in PATH) in the foreground with default signal
/// dispositions and the terminal, waits for it, and resumes curses mode. When `input` is not
/// NULL the child reads those bytes on its standard input (a pager). Returns the child's exit
/// status, 128 + signal when killed, or -1 when it could not start.
int tui_run_foreground(char *const argv[], const char *input, size_t input_count);

/// Ctrl-Z: leaves curses mode, stops the process (the shell takes the terminal) and resumes.
void tui_suspend_self(void);

/// Installs SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGABRT handlers that restore the terminal (saved
/// termios, leave the alternate screen, show the cursor, stop mouse reporting) with
/// async-signal-safe calls only, print one line, and re-raise with the default action.
void tui_install_crash_handlers(void);

#ifdef __cplusplus
}
#endif

#endif
