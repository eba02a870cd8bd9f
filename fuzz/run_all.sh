#!/bin/sh
# Run every target in turn, one process each (in-process, like -jobs=1), at the lowest priority; SECONDS per target (default 120).
cd "$(dirname "$0")"
for t in yaml json cursor context_expr templates python layout workspace; do
  mkdir -p corpus/$t
  RUSTC_BOOTSTRAP=1 nice -n 19 cargo fuzz run -O $t corpus/$t -- -max_total_time=${SECONDS_PER_TARGET:-120} -max_len=65536 -print_final_stats=1 > logs/$t.log 2>&1
  echo "$t exit $? $(grep -E 'stat::number_of_executed_units' logs/$t.log)"
done
