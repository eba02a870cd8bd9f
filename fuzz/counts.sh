#!/bin/sh
# Executions per target so far (clean runs only), from logs/counts.tsv.
cd "$(dirname "$0")"
awk -F'\t' '$4 == 0 { n[$1] += $2; s[$1] += $3 } $4 != 0 { bad[$1]++ }
  END { for (t in n) printf "%-13s %12d executions  %6d s  %s\n", t, n[t], s[t], (bad[t] ? bad[t] " failed run(s)" : "") }' logs/counts.tsv | sort
