#!/usr/bin/env bash
# Check every .html file under DIR with the Nu HTML Checker (vnu), errors only.
#
#   scripts/validate-html.sh [DIR]        (DIR defaults to example-site/public)
#
# vnu.jar is taken from $VNU_JAR if set, else from the cache folder
# ${XDG_CACHE_HOME:-$HOME/.cache}/rapport-vnu, where it is installed with
# `npm install vnu-jar` on first use (set VNU_VERSION to pin a version).
# Needs java (Debian: apt-get install default-jre-headless). Exit status:
# 0 = no errors, 1 = vnu reported errors, 2 = could not run the check.
set -euo pipefail

die() { echo "validate-html: $*" >&2; exit 2; }

dir="${1:-$(cd "$(dirname "$0")/.." && pwd)/example-site/public}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/rapport-vnu"

[ -d "$dir" ] || die "no folder '$dir' (build first: cargo build && ./target/debug/rapport build example-site)"
command -v java >/dev/null 2>&1 ||
  die "java not found: install a JRE 11+ (Debian: apt-get install default-jre-headless)"

if [ -n "${VNU_JAR:-}" ]; then
  jar="$VNU_JAR"
  [ -f "$jar" ] || die "VNU_JAR='$jar' is not a file"
else
  jar="$cache/node_modules/vnu-jar/build/dist/vnu.jar"
  if [ ! -f "$jar" ]; then
    command -v npm >/dev/null 2>&1 ||
      die "vnu.jar not in $cache and npm not found: install npm, or set VNU_JAR=/path/to/vnu.jar"
    echo "validate-html: installing vnu-jar into $cache" >&2
    mkdir -p "$cache"
    # --ignore-scripts: vnu-jar's postinstall only tries to download a JRE.
    npm install --prefix "$cache" --ignore-scripts --no-audit --no-fund --loglevel=error \
      "vnu-jar@${VNU_VERSION:-latest}" >&2 || die "npm install vnu-jar failed"
    [ -f "$jar" ] || die "npm installed vnu-jar but $jar is missing"
  fi
fi

files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$dir" -type f -name '*.html' -print0 | sort -z)
[ "${#files[@]}" -gt 0 ] || die "no .html files under '$dir'"

echo "validate-html: checking ${#files[@]} files under $dir with vnu $(java -jar "$jar" --version)" >&2
if java -jar "$jar" --errors-only --format gnu "${files[@]}"; then
  echo "validate-html: OK, no errors" >&2
else
  rc=$?
  # vnu exits 1 when it reported errors; anything else means it did not run properly.
  [ "$rc" -eq 1 ] || die "vnu failed to run (exit $rc)"
  echo "validate-html: FAILED, see the errors above" >&2
  exit 1
fi
