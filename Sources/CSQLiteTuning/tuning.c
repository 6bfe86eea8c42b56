#include <sqlite3.h>
#include "CSQLiteTuning.h"

int lb_sqlite_tune_before_first_use(void) {
    int threading = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    int memstatus = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return threading == SQLITE_OK && memstatus == SQLITE_OK ? 0 : 1;
}
