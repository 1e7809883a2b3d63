// SQLite 3 with FTS5 (Debian: libsqlite3-dev).
#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call: SQLITE_DBCONFIG_RESET_DATABASE
// (with VACUUM) empties a damaged database in place, through SQLite's own locks.
static inline int albertqa_sqlite3_reset_database(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_RESET_DATABASE, on, (int *)0);
}
