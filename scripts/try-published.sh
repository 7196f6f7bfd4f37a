#!/usr/bin/env bash
# What a user of the published packages gets: build every package, `npm pack` them and
# gymkit-gridworld, install the tarballs into an empty project outside this repository (plain
# node, no tsx, no @gymkit/source condition), copy the gridworld's train.yaml there, and run the
# plugin guide's shell block verbatim (check-env, train, eval). Needs the npm registry (for
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
