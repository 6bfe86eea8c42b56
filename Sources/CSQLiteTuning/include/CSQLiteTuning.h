#ifndef CSQLITE_TUNING_H
#define CSQLITE_TUNING_H

/// Puts SQLite in multi-thread mode (no mutex around each call on a connection: GRDB already serializes every
/// connection's use) and turns off its memory statistics (a global mutex around every allocation). SQLite takes
/// both settings only before its first use in the process; afterwards this changes nothing and returns nonzero.
/// Returns 0 when both took effect. (`sqlite3_config` is variadic, which Swift cannot call.)
int lb_sqlite_tune_before_first_use(void);

#endif
