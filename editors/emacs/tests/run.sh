#!/usr/bin/env bash
# Runs the README's Emacs (eglot) snippet, as printed, in a headless Emacs against the real
# server: once as printed, once with its optional settings line uncommented.
# Usage: [EMACS=path/to/emacs] editors/emacs/tests/run.sh [path/to/factline]
# (defaults: emacs on PATH, target/debug/factline)
# Debian: apt-get install emacs-nox elpa-eglot elpa-markdown-mode (Emacs 28, eglot 1.9)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
bin="$(realpath "${1:-$repo/target/debug/factline}")"
[ -x "$bin" ] || { echo "no factline binary at $bin (cargo build)" >&2; exit 2; }
emacs="${EMACS:-emacs}"
command -v "$emacs" >/dev/null || { echo "$emacs not found (apt-get install emacs-nox elpa-eglot elpa-markdown-mode)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tmp="$(realpath "$tmp")"
# `factline` on PATH, as the snippet runs it.
mkdir -p "$tmp/bin"
ln -s "$bin" "$tmp/bin/factline"

# Writes the two articles into a fresh folder with neither factline.toml nor .git (eglot then
# takes the file's folder as the project). Facts are real; the weekday slip is deliberate.
articles() {
  mkdir -p "$1"
  printf '%s\n' 'Webb telescope' '' \
    'BALTIMORE, December 27, 2021 — The James Webb Space Telescope lifted off from Kourou, French Guiana, on Saturday, December 25, 2021, aboard a European rocket. The observatory cost about $10 billion to build.' \
    >"$1/telescope.txt"
  printf '%s\n' '# World Cup final' '' \
    'The World Cup final is set for Saturday, July 19, at MetLife Stadium in East Rutherford, New Jersey. The stadium holds 82,500 spectators.' \
    >"$1/final.md"
}

# One headless Emacs; both its exit status and its closing line must say it passed (an error
# before the test's own reporting, or a hang, which timeout ends with 124, never does).
run_emacs() {
  local name="$1" settings="$2" ws="$tmp/ws-$2" log="$tmp/emacs-$2.log" rc summary
  articles "$ws"
  set +e
  (cd "$ws" && env HOME="$tmp/home-$settings" PATH="$tmp/bin:$PATH" FACTLINE_README="$repo/README.md" \
    FACTLINE_WS="$ws" FACTLINE_SETTINGS="$settings" \
    timeout 120 "$emacs" --batch -l "$here/readme.el" >"$log" 2>&1 </dev/null)
  rc=$?
  set -e
  cat "$log"
  summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)"
  if [ "$rc" -ne 0 ] || [ -z "$summary" ] || [ "$(echo "$summary" | cut -d, -f2)" != " 0 failed" ]; then
    echo "emacs $name: FAILED (exit $rc${summary:+, $summary})" >&2
    exit 1
  fi
  echo "emacs $name: passed"
}

run_emacs "README snippet" 0
run_emacs "README snippet with its settings line" 1
