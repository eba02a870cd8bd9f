#!/usr/bin/env bash
# `pyrevit-ls check` against merely reading the same files (`cat`), plus check's peak RSS, on
#   - ws10k:    the generated 10,000-bundle workspace (gen_workspace --with-lib, seed 1);
#   - vendored: a generated extension of 300 bundles whose lib/ holds this machine's CPython
#               standard library (every *.py, tests included), like an extension vendoring packages.
# Both are generated once into .cache/ (ignored by git). Warm page cache; medians of RUNS runs.
# Uses hyperfine when installed (apt-get install hyperfine), else timed repeated runs in Python;
# needs GNU time (/usr/bin/time) for the peak RSS.
#
#   bench/check-vs-cat.sh            # RUNS=10 by default
#   RUNS=5 bench/check-vs-cat.sh ws10k
#   NO_HYPERFINE=1 bench/check-vs-cat.sh   # the Python fallback even when hyperfine is there
#   bench/check-vs-cat.sh /path/to/ws        # an existing workspace folder, used as it is
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=$root/.cache
runs=${RUNS:-10}
bin=$root/target/release/pyrevit-ls
gen=$root/target/release/examples/gen_workspace
python=${PYTHON:-python3.11}

for tool in /usr/bin/time "$python"; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install time)" >&2; exit 2; }
done

(cd "$root" && cargo build --release --quiet --bin pyrevit-ls --example gen_workspace)
mkdir -p "$cache"

make_ws10k() {
  [ -d "$cache/ws10k/Synth00.extension" ] && return
  "$gen" --out "$cache/ws10k" --bundles 10000 --with-lib
}

make_vendored() {
  local out=$cache/ws-vendored
  [ -f "$out/Synth00.extension/lib/os.py" ] && return
  rm -rf "$out"
  "$gen" --out "$out" --bundles 300 --with-lib
  local stdlib
  stdlib=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
  mkdir -p "$out/Synth00.extension/lib"
  # Only *.py (what a vendored package is mostly made of); site-packages is this machine's own.
  (cd "$stdlib" && find . -name '*.py' -not -path './site-packages/*' -print0 | tar --null -T - -cf -) |
    tar -C "$out/Synth00.extension/lib" -xf -
}

# Like `hyperfine --export-json FILE -n cat CMD1 -n check CMD2` (median wall, mean user/sys).
timed_runs() { # FILE CMD...
  "$python" - "$runs" "$@" <<'PY'
import json, os, resource, statistics, subprocess, sys, time
runs, out, cmds = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
results = []
for cmd in cmds:
    for _ in range(2):
        subprocess.run(cmd, shell=True)
    times, users, syss = [], [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, shell=True)
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        users.append(after.ru_utime - before.ru_utime)
        syss.append(after.ru_stime - before.ru_stime)
    results.append({"command": cmd, "median": statistics.median(times), "user": statistics.mean(users),
                    "system": statistics.mean(syss), "times": times})
json.dump({"results": results}, open(out, "w"))
PY
}

median_json() { # hyperfine JSON → "median_s user_s sys_s" of result $2
  "$python" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print(r["median"], r["user"], r["system"])' "$1" "$2"
}

peak_rss_mb() { # median of 3 runs of /usr/bin/time -v
  local i log=$cache/time-v.txt
  for i in 1 2 3; do
    /usr/bin/time -v -o "$log" "$bin" check "$1" >/dev/null 2>&1 || true
    awk -F: '/Maximum resident set size/ {print $2 / 1024}' "$log"
  done | sort -n | sed -n 2p
}

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(ws10k vendored)

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
printf '\n| workspace | files | MB | cat wall (median) | check wall (median) | wall ratio | cat user + sys | check user + sys | CPU ratio | check peak RSS | diagnostics |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
for name in "${targets[@]}"; do
  case $name in
    ws10k) make_ws10k >/dev/null; ws=$cache/ws10k ;;
    vendored) make_vendored >/dev/null; ws=$cache/ws-vendored ;;
    *) [ -d "$name" ] || { echo "unknown workspace $name (ws10k, vendored, or a folder)" >&2; exit 2; }
       ws=$(cd "$name" && pwd -P); name=$(basename "$ws") ;;
  esac
  files=$(find "$ws" -type f | wc -l)
  mb=$(find "$ws" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }')
  json=$cache/check-vs-cat-$name.json
  cat_cmd="find '$ws' -type f -print0 | xargs -0 cat > /dev/null"
  check_cmd="'$bin' check '$ws' > /dev/null"
  if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
    hyperfine --style none --warmup 2 --runs "$runs" --ignore-failure --export-json "$json" \
      -n cat "$cat_cmd" -n check "$check_cmd" >/dev/null
  else
    timed_runs "$json" "$cat_cmd" "$check_cmd"
  fi
  read -r cat_s cat_u cat_y < <(median_json "$json" 0)
  read -r check_s user_s sys_s < <(median_json "$json" 1)
  diags=$("$bin" check "$ws" 2>/dev/null | wc -l || true)
  rss=$(peak_rss_mb "$ws")
  awk -v n="$name" -v f="$files" -v mb="$mb" -v c="$cat_s" -v k="$check_s" -v cu="$cat_u" -v cy="$cat_y" \
    -v u="$user_s" -v s="$sys_s" -v r="$rss" -v d="$diags" \
    'BEGIN { printf "| %s | %d | %s | %.3f s | %.3f s | %.1f× | %.2f + %.2f s | %.2f + %.2f s | %.1f× | %.0f MB | %d |\n",
             n, f, mb, c, k, k / c, cu, cy, u, s, (u + s) / (cu + cy), r, d }'
done
echo
echo "(timings JSON in $cache/check-vs-cat-*.json; user/sys are means over the runs. On a loaded"
echo " machine the wall times wait for a core: compare the CPU columns.)"
