#define _GNU_SOURCE 1
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include "tui_terminal.h"

#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

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

bool tui_start(bool use_colors) {
    if (active) return true;
    if (!initscr()) return false;
    active = true;
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
    return true;
}

void tui_stop(void) {
    if (!active) return;
    curs_set(1);
    endwin();
    active = false;
}

bool tui_active(void) { return active; }
bool tui_colors(void) { return colors; }

void tui_size(int *rows, int *cols) { getmaxyx(stdscr, *rows, *cols); }

tui_key tui_read_key(int timeout_ms, uint32_t *character) {
    timeout(timeout_ms);
    wint_t ch = 0;
    int status = get_wch(&ch);
    if (status == ERR) return TUI_KEY_NONE;
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
