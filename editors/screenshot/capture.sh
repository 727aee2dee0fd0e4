#!/usr/bin/env bash
# Captures terminal Neovim with factline's diagnostics and a hover through tmux and renders it
# to docs/images/neovim-hover.png. Needs tmux, Neovim 0.11 (NVIM=...), Pillow (PYTHON=... with it).
# Usage: NVIM=/path/to/nvim PYTHON=/path/to/python editors/screenshot/capture.sh [factline binary]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="$(realpath "${1:-$repo/target/debug/factline}")"
nvim="${NVIM:-nvim}"
python="${PYTHON:-python3}"
ws="$(mktemp -d)"
trap 'tmux kill-session -t factline-shot 2>/dev/null || true; rm -rf "$ws"' EXIT
cp -r "$repo/examples/." "$ws/"
cols=118 rows=37

tmux -f /dev/null new-session -d -s factline-shot -x "$cols" -y "$rows" \
  "cd '$ws' && env TERM=tmux-256color COLORTERM=truecolor FACTLINE_BIN='$bin' '$nvim' -u '$here/init.lua' -i NONE kyiv-recovery-wire.txt"
sleep 3
# Cursor on an entity mention (search, then clear the command line), then K for hover.
tmux send-keys -t factline-shot "/${TARGET:-European Union said}" Enter
sleep 0.5
tmux send-keys -t factline-shot ":echo ''" Enter
sleep 0.3
tmux send-keys -t factline-shot K
sleep 2
tmux capture-pane -t factline-shot -e -p > "$ws/screen.ans"
mkdir -p "$repo/docs/images"
"$python" "$here/ansi2png.py" "$ws/screen.ans" "$repo/docs/images/neovim-hover.png" --cols "$cols"
echo "wrote docs/images/neovim-hover.png"
