#!/usr/bin/env bash
# What `npm install <package>` gives a user, per package: build and `npm pack` every published
# workspace package, then for each one install its tarball (and the tarballs of the @gymkit
# packages it depends on, which would come from the registry) into an empty project outside this
# repository, and report `du` of its node_modules: disk usage, apparent size, and the number of
# packages. Two more rows: the runner with its optional queue peers (`bullmq ioredis`, for
# `--queue` and `gymkit worker`), and every package together. Prints a Markdown table (the one in
# the README). Needs the npm registry (or a warm npm cache). Usage: npm run install-size
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/gymkit-install-size-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$repo"
npx turbo run build >/dev/null
mkdir -p "$work/pack"
names=()
for dir in packages/*/; do
  [ -f "$dir/package.json" ] || continue
  [ "$(node -p "require('./$dir/package.json').private ?? false")" = "true" ] && continue
  (cd "$dir" && npm pack --pack-destination "$work/pack" -q >/dev/null)
  names+=("$(node -p "require('./$dir/package.json').name")")
done
# The tarball of a package name: @gymkit/env-cartpole → gymkit-env-cartpole-0.1.0.tgz.
tarball() { ls "$work/pack/$(echo "${1#@}" | tr / -)"-[0-9]*.tgz; }
# A package and the @gymkit packages it depends on, transitively (from the packages' package.json).
closure() {
  node -e '
    const fs = require("fs"), path = require("path");
    const byName = {};
    for (const d of fs.readdirSync("packages")) {
      const f = path.join("packages", d, "package.json");
      if (fs.existsSync(f)) { const p = JSON.parse(fs.readFileSync(f, "utf8")); byName[p.name] = p; }
    }
    const seen = new Set(), todo = [process.argv[1]];
    while (todo.length) {
      const n = todo.pop();
      if (seen.has(n)) continue;
      seen.add(n);
      for (const d of Object.keys(byName[n].dependencies ?? {})) if (byName[d]) todo.push(d);
    }
    console.log([...seen].join("\n"));
  ' "$1"
}
# Installs the given tarballs and registry packages into an empty project; prints a table row.
measure() {
  local label="$1"
  shift
  local project="$work/p$RANDOM$RANDOM"
  mkdir -p "$project"
  (
    cd "$project"
    npm init -y >/dev/null
    npm install --no-audit --no-fund --prefer-offline -q "$@" >"$project.log" 2>&1 || {
      cat "$project.log" >&2
      echo "npm install for $label failed (above)" >&2
      exit 1
    }
    local disk apparent count tf
    disk="$(du -sk node_modules | cut -f1)"
    apparent="$(du -sk --apparent-size node_modules | cut -f1)"
    # Installed packages: the lock file's entries under node_modules/ (nested copies count).
    count="$(node -p 'Object.keys(require("./package-lock.json").packages).filter((k) => k.startsWith("node_modules/")).length')"
    tf=0
    [ -d node_modules/@tensorflow ] && tf="$(du -sk node_modules/@tensorflow | cut -f1)"
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$(mb "$disk")" "$(mb "$apparent")" "$count" "$(mb "$tf")"
  )
  rm -rf "$project" "$project.log"
}
mb() { awk -v k="$1" 'BEGIN { if (k == 0) print "–"; else if (k < 10240) printf "%.1f MB\n", k / 1024; else printf "%.0f MB\n", k / 1024 }'; }

echo "Node $(node --version), npm $(npm --version); disk = du -sk node_modules, apparent = du -sk --apparent-size"
echo
echo "| npm install | node_modules (disk) | apparent | packages | of which @tensorflow/* |"
echo "| --- | ---: | ---: | ---: | ---: |"
for name in "${names[@]}"; do
  tarballs=()
  while IFS= read -r dep; do tarballs+=("$(tarball "$dep")"); done < <(closure "$name")
  measure "\`$name\`" "${tarballs[@]}"
  if [ "$name" = "@gymkit/runner" ]; then
    # With the optional peers at the ranges the runner declares (what the --queue message says).
    peers="$(node -p "Object.entries(require('./packages/runner/package.json').peerDependencies).map(([n, r]) => n + '@' + r).join(' ')")"
    # shellcheck disable=SC2086 # one word per peer
    measure "\`$name\` + \`${peers}\` (for \`--queue\`)" "${tarballs[@]}" $peers
  fi
done
all=()
for name in "${names[@]}"; do all+=("$(tarball "$name")"); done
measure "all ${#names[@]} packages" "${all[@]}"
