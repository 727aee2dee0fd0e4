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

# Runs one headless Neovim on a test file; both the exit status and the closing line must say
# it passed: a Lua error before the test's own reporting, or a hang (timeout's 124), never does.
run_nvim() {
  local name="$1" rtp="$2" test="$3" rc summary
  shift 3
  set +e
  env "$@" FACTLINE_BIN="$bin" FACTLINE_WS="$ws" XDG_STATE_HOME="$ws/.state" XDG_CACHE_HOME="$ws/.cache" \
    timeout 180 "$nvim" --headless -u NONE -i NONE -n \
    --cmd "set rtp^=$rtp" \
    -c "luafile $test" >"$log" 2>&1 </dev/null
  rc=$?
  set -e
  cat "$log"
  summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1 || true)"
  rm -f "$log"
  if [ "$rc" -ne 0 ] || [ -z "$summary" ] || [ "$(echo "$summary" | cut -d, -f2)" != " 0 failed" ]; then
    echo "neovim $name: FAILED (exit $rc${summary:+, $summary})" >&2
    exit 1
  fi
  echo "neovim $name: passed"
}

run_nvim e2e "$repo/editors/nvim" "$here/e2e.lua"

# The README's plugin-less snippets, as printed, with `factline` on PATH. Their articles lie in
# a folder with neither factline.toml nor .git (the file's folder must then be the root).
# The two quake reports are of one day: a toll rising from one day to the next is an update.
path_dir="$ws.bin"
loose="$ws.loose"
trap 'rm -rf "$ws" "$path_dir" "$loose"' EXIT
mkdir -p "$path_dir" "$loose"
ln -sf "$bin" "$path_dir/factline"
printf 'Quake\n\nLIMA, February 10, 2026 — The earthquake killed 27 people, the civil defence institute said.\n' >"$loose/quake.txt"
printf 'Quake\n\nLIMA, February 10, 2026 — The death toll from the earthquake stood at 41, officials said.\n' >"$loose/quake-update.txt"
printf 'Summit\n\nThe leaders meet on Saturday, June 7, officials said.\n' >"$loose/summit.txt"
for snippet in config lspconfig; do
  # The lspconfig snippet runs against a stand-in for nvim-lspconfig (tests/lspconfig-double).
  run_nvim "README snippet ($snippet)" "$here/lspconfig-double" "$here/readme.lua" \
    SNIPPET="$snippet" FACTLINE_README="$repo/README.md" FACTLINE_LOOSE="$loose" PATH="$path_dir:$PATH"
done
