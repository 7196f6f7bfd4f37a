#!/usr/bin/env bash
# What `npm test` needs besides npm: Debian's chromium (the playground's browser tests;
# playwright-core downloads no browser) and redis-server (the queue tests start their own).
# Installs whichever is missing with apt-get (after `apt-get update`, which a fresh machine needs),
# through sudo unless already root; does nothing when both are there. Debian/Ubuntu only: elsewhere
# it says what to install and fails.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "npm test needs ${missing[*]}; this is not a Debian/Ubuntu machine (no apt-get): install them with its package manager." >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "npm test needs ${missing[*]}: run as root: apt-get update && apt-get install -y ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "Installing ${missing[*]} (apt-get) for npm test" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
