// SQLite 3 with FTS5 (Debian: libsqlite3-dev).
#include <sqlite3.h>
