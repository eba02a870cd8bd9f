#!/bin/sh
# Run targets until each has at least GOAL executions in total (default 10,000,000), counted across
# runs and sessions in logs/counts.tsv (target, executions, seconds, exit code, date). Chunks of
# CHUNK runs each (default 2,000,000), at nice 19, without a sanitizer (`-s none`: the Rust code is
# memory-safe; a panic or abort still stops the run and saves the input under artifacts/<target>/).
#   ./run_until.sh yaml json ...     # the targets of one lane; run two lanes for two cores
#   ./counts.sh                      # the totals so far
# Two lanes may run the same target: each writes its own log (logs/<target>.<lane pid>.last.log),
# libFuzzer shares the corpus folder, and every chunk is one appended row.
cd "$(dirname "$0")"
GOAL=${GOAL:-10000000}
CHUNK=${CHUNK:-2000000}
# libFuzzer's timeout is wall-clock: a lane at nice 19 beside builds gets ~2% of a core, so an input
# taking 0.3 s ran into a 20 s timeout (python, 2026-11-30). A real hang still stops the run.
TIMEOUT=${TIMEOUT:-300}
RUSTC_BOOTSTRAP=1 cargo fuzz build -O -s none >/dev/null 2>&1 || { echo "cargo fuzz build failed" >&2; exit 1; }
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
touch logs/counts.tsv
lane=$$
for t in "$@"; do
  mkdir -p corpus/$t artifacts/$t
  while :; do
    done_runs=$(awk -v t=$t '$1 == t && $4 == 0 { s += $2 } END { print s + 0 }' logs/counts.tsv)
    [ "$done_runs" -ge "$GOAL" ] && break
    start=$(date +%s)
    nice -n 19 $bin/$t corpus/$t -interrupted_exit_code=72 -runs=$CHUNK -max_len=8192 -rss_limit_mb=2048 -timeout=$TIMEOUT \
      -artifact_prefix=artifacts/$t/ -print_final_stats=1 > logs/$t.$lane.last.log 2>&1
    rc=$?
    runs=$(sed -n "s/^stat::number_of_executed_units: *//p" logs/$t.$lane.last.log | tail -n 1)
    # 72: interrupted (SIGINT/SIGTERM); its executions count (recorded as exit 0), the lane stops.
    # (Written as one line: two lanes append to the same file.)
    rec=$rc
    [ $rc -eq 72 ] && rec=0
    printf '%s\t%s\t%s\t%s\t%s\n' $t "${runs:-0}" $(( $(date +%s) - start )) $rec "$(date -u +%FT%TZ)" >> logs/counts.tsv
    [ $rc -eq 72 ] && exit 0
    if [ $rc -ne 0 ]; then
      echo "$t: exit $rc, see logs/$t.$lane.last.log and artifacts/$t/" >&2
      cp logs/$t.$lane.last.log logs/$t.crash-$(date +%s).log
      break
    fi
  done
done
