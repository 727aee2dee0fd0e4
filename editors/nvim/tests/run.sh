#!/usr/bin/env bash
# Runs the headless Neovim end-to-end test on a scratch copy of examples/ (the test edits
# buffers and never writes, but the copy keeps the repo clean whatever happens).
# Usage: [NVIM=path/to/nvim] editors/nvim/tests/run.sh [path/to/factline]
# (defaults: nvim on PATH, target/debug/factline)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
bin="$(realpath "${1:-$repo/target/debug/factline}")"
[ -x "$bin" ] || { echo "no factline binary at $bin (cargo build)" >&2; exit 2; }
nvim="${NVIM:-nvim}"
command -v "$nvim" >/dev/null || { echo "$nvim not found (apt-get install neovim)" >&2; exit 2; }

ws="$(mktemp -d)"
trap 'rm -rf "$ws"' EXIT
cp -r "$repo/examples/." "$ws/"
ws="$(realpath "$ws")"
log="$ws.nvim.log"

set +e
FACTLINE_BIN="$bin" FACTLINE_WS="$ws" XDG_STATE_HOME="$ws/.state" XDG_CACHE_HOME="$ws/.cache" \
  timeout 180 "$nvim" --headless -u NONE -i NONE -n \
  --cmd "set rtp^=$repo/editors/nvim" \
  -c "luafile $here/e2e.lua" >"$log" 2>&1 </dev/null
rc=$?
set -e
cat "$log"
# Both the exit status and the closing line must say so: a Lua error before the test's own
# reporting, or a hang (timeout's 124), never passes.
summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)"
rm -f "$log"
if [ "$rc" -ne 0 ] || [ -z "$summary" ] || [ "${summary#* passed, }" != "0 failed" ]; then
  echo "neovim e2e: FAILED (exit $rc${summary:+, $summary})" >&2
  exit 1
fi
echo "neovim e2e: passed"
