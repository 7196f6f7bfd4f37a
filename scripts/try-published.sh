#!/usr/bin/env bash
# What a user of the published packages gets: build every package, `npm pack` them and
# gymkit-gridworld, install the tarballs into an empty project outside this repository (plain
# node, no tsx, no @gymkit/source condition), copy the gridworld's train.yaml there, and run the
# plugin guide's shell block verbatim (check-env, train, eval), with neither bullmq nor ioredis
# installed (optional peers: `gymkit worker` says what to install). Needs the npm registry (for
# tfjs, zod, ...); not part of `npm test` for that reason. Usage: npm run test:published
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/gymkit-published-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$repo"
npx turbo run build >/dev/null
mkdir -p "$work/pack" "$work/user"
# Every workspace package (a new one is packed without editing this list) and the gridworld plugin.
for dir in packages/*/ examples/env-plugin-gridworld; do
  [ -f "$dir/package.json" ] || continue
  (cd "$dir" && npm pack --pack-destination "$work/pack" -q >/dev/null)
done
cd "$work/user"
npm init -y >/dev/null
npm pkg set type=module
npm install --no-audit --no-fund -q "$work"/pack/*.tgz >"$work/install.log" 2>&1 || {
  cat "$work/install.log" >&2
  echo "npm install of the packed tarballs failed (above)" >&2
  exit 1
}
cp "$repo/examples/env-plugin-gridworld/train.yaml" .
# bullmq and ioredis are optional peers of @gymkit/runner: not installed unless asked for, and
# without them the queue commands say what to install (the rest, below, works).
for peer in bullmq ioredis; do
  if [ -e "node_modules/$peer" ]; then
    echo "node_modules/$peer is installed, but $peer is an optional peer of @gymkit/runner" >&2
    exit 1
  fi
done
echo "\$ npx gymkit worker --queue redis://127.0.0.1:1   # bullmq and ioredis not installed"
if npx gymkit worker --queue redis://127.0.0.1:1 2>"$work/worker.err"; then
  echo "gymkit worker started without bullmq and ioredis" >&2
  exit 1
fi
cat "$work/worker.err"
grep -q "Install them with: npm install bullmq@" "$work/worker.err" || {
  echo "gymkit worker without bullmq and ioredis did not say what to install" >&2
  exit 1
}
# The guide's block: the one fenced `sh` block that runs `gymkit check-env`.
block="$(awk '/^```sh$/{b="";inb=1;next} inb&&/^```$/{if(b~/gymkit check-env/){printf "%s",b;exit} inb=0;next} inb{b=b $0 "\n"}' \
  "$repo/docs/guide/writing-a-plugin.md")"
test -n "$block" || { echo "no check-env block found in the guide" >&2; exit 1; }
while IFS= read -r line; do
  command="${line%%#*}"
  [ -z "${command// /}" ] && continue
  echo "\$ $command"
  bash -c "$command"
done <<<"$block"
# LunarLander from the published env-box2d (its engine, planck, comes from the registry).
echo "\$ npx gymkit check-env @gymkit/env-box2d"
npx gymkit check-env @gymkit/env-box2d
echo "\$ npx gymkit check-env @gymkit/env-classic-control"
npx gymkit check-env @gymkit/env-classic-control
echo "ok: installed from tarballs in $work/user, the guide's commands ran"
