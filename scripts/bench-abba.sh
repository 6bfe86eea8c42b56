#!/bin/bash
# Runs the scoring benchmark for two builds in ABBA order (A then B, then B then A, …) on one seeded store, so that
# this machine's drift in speed falls on both builds alike, and prints the medians and the median of the paired
# ratios of CPU and wall time. The store and the work folder live in /dev/shm: on disk, writing back each run's copy
# of the store lands in the measured passes.
#
#   scripts/bench-abba.sh OLD_BENCH NEW_BENCH [ROUNDS] [CONTACTS] [ACTIVITIES_PER_CONTACT]
#
# The seed is made by NEW_BENCH on its first run (its seeding writes the other systems' copies) and hard-linked under
# the name older builds look for. Each run's full report is kept in $OUT (default /tmp/bench-abba).
set -euo pipefail
old=$1; new=$2; rounds=${3:-8}; contacts=${4:-1000000}; per=${5:-20}
out=${OUT:-/tmp/bench-abba}; seed=/dev/shm/leadbridge-seed; work=/dev/shm/leadbridge-run
mkdir -p "$out" "$seed" "$work"
run() { # build label round
    echo "== round $3 load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/$2.log"
    LEADBRIDGE_BENCH_SEED_DIR=$seed "$1" score --contacts "$contacts" --activities-per-contact "$per" \
        --directory "$work" >> "$out/$2.log" 2>&1
    local copies=$seed/scoring-seed-copies-${contacts}x${per}.sqlite
    [ -e "$copies" ] && ln -f "$copies" "$seed/scoring-seed-${contacts}x${per}.sqlite"
    return 0
}
run "$new" seeding 0   # seeds the store (not counted)
for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then run "$old" old "$round"; run "$new" new "$round"
    else run "$new" new "$round"; run "$old" old "$round"; fi
done
python3 - "$out" <<'PY'
import re, statistics, sys
def figures(name):
    text = open(f"{sys.argv[1]}/{name}.log").read()
    pick = lambda pattern: [float(x) for x in re.findall(pattern, text)]
    return {"first pass, CPU": pick(r"first pass: [\d.]+ s wall \(([\d.]+) s CPU"),
            "first pass, wall": pick(r"first pass: ([\d.]+) s wall"),
            "re-score, CPU": pick(r"no new data: [\d.]+ s wall \(([\d.]+) s CPU"),
            "re-score, wall": pick(r"no new data: ([\d.]+) s wall")}
old, new = figures("old"), figures("new")
for key in old:
    a, b = old[key], new[key]
    paired = statistics.median(y / x for x, y in zip(a, b))
    print(f"{key}: {statistics.median(a):.2f} s -> {statistics.median(b):.2f} s, "
          f"ratio of medians {statistics.median(b) / statistics.median(a):.3f}, "
          f"median of {len(a)} paired ratios {paired:.3f}")
PY
