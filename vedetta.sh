#!/usr/bin/env bash
# Vedetta — install, build, run and test on Debian 12 with Node.js 20.
#
#   ./vedetta.sh start [serve options]   install what is missing, build, run the server
#   ./vedetta.sh test  [npm test args]   install what is missing (test tools too), build, run all tests
#   ./vedetta.sh setup                   only install what is missing and build
#
# Every step is skipped when its inputs have not changed, so on a machine that is
# already set up `start` reaches the server in well under a second.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

# Debian packages needed at run time: ffmpeg records and exports, poppler-utils checks the
# PDFs, GStreamer's RTSP server generates the demo cameras, DejaVu is the PDF font.
RUNTIME_PACKAGES=(
  ffmpeg
  poppler-utils
  gstreamer1.0-tools
  gstreamer1.0-rtsp
  gir1.2-gst-rtsp-server-1.0
  python3-gi
  gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good
  gstreamer1.0-plugins-ugly
  gstreamer1.0-plugins-bad
  gstreamer1.0-x
  fonts-dejavu-core
)
# Only the tests need these: Chromium for the browser tests, Dovecot as the IMAP server
# the mailbox is polled from. PostgreSQL is added only when its tools are missing.
TEST_PACKAGES=(
  chromium
  dovecot-imapd
)

DEFAULT_TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/postgres'
STAMP_DIR=node_modules/.cache/vedetta

log() { printf '[vedetta] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

usage() {
  cat >&2 <<'EOF'
Usage: ./vedetta.sh COMMAND [ARGS...]

  start [ARGS]   install missing Debian packages and npm dependencies, build if needed,
                 then run the server (ARGS go to `vedetta serve`)
  test [ARGS]    as setup, plus the test-only packages (Chromium, Dovecot, PostgreSQL),
                 make sure PostgreSQL is running, then run `npm test` (ARGS go to it)
  setup          only install and build
EOF
}

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "root rights are needed to run: $* (run as root or install sudo)"
  fi
}

# Install the Debian packages given as arguments that are not installed yet.
# One dpkg-query call checks them all, so a provisioned machine never touches apt.
install_debian_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    log "WARNING: not a Debian system; make sure these are installed: $*"
    return 0
  fi
  local installed pkg
  local -a missing=()
  # Prints "name installed" for installed ones; unknown names go to stderr (and exit 1).
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true)
  for pkg in "$@"; do
    grep -qxF "$pkg installed" <<<"$installed" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0

  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
    install -y -q --no-install-recommends "${missing[@]}"
}

# Node.js itself is not installed from Debian (Debian 12 ships Node 18).
check_node() {
  command -v node >/dev/null 2>&1 || die "Node.js 20 (>= 20.19) is required and was not found"
  command -v npm >/dev/null 2>&1 || die "npm is required and was not found"
  # Prints what decides whether node_modules fits this machine: the native-module ABI.
  # shellcheck disable=SC2016 # JavaScript template literal, not shell
  NODE_KEY=$(node -e '
    const [maj, min] = process.versions.node.split(".").map(Number);
    if (maj < 20 || (maj === 20 && min < 19)) {
      console.error("[vedetta] ERROR: Node.js >= 20.19 is required, this is " + process.version);
      process.exit(1);
    }
    console.log(`${process.platform}-${process.arch}-abi${process.versions.modules}`);
  ')
}

sha() { sha256sum | cut -d' ' -f1; }

# Key of the installed dependencies: the lockfile's content and the Node ABI.
deps_key() { { sha256sum package-lock.json; echo "$NODE_KEY"; } | sha; }

# Key of the build inputs: the content of every file under src/ and web/ (tracked or not,
# build output and dependencies excluded), the TypeScript configs and the lockfile.
build_key() {
  local path
  local -a inputs=()
  for path in src web tsconfig*.json package-lock.json; do
    [ -e "$path" ] && inputs+=("$path")
  done
  find "${inputs[@]}" \( -path web/dist -o -name node_modules \) -prune -o -type f ! -name '*.tsbuildinfo' -print0 |
    LC_ALL=C sort -z | xargs -0r sha256sum | sha
}

prepare_builds() {
  [ "$(node -p 'require("./package.json").scripts?.prepare ?? ""')" = 'npm run build' ]
}

install_npm_dependencies() {
  local key stamp=$STAMP_DIR/deps reason=''
  key=$(deps_key)
  if [ ! -f node_modules/.package-lock.json ]; then
    reason='node_modules is missing'
  elif [ -f "$stamp" ]; then
    [ "$(cat "$stamp")" = "$key" ] || reason='package-lock.json or Node.js changed'
  elif [ node_modules/.package-lock.json -ot package-lock.json ]; then
    reason='package-lock.json is newer than node_modules'
  fi
  if [ -n "$reason" ]; then
    log "installing npm dependencies ($reason): npm ci"
    local build_before
    build_before=$(build_key)
    npm ci --no-audit --no-fund
    # npm ci runs the `prepare` script, which builds: record that build.
    if prepare_builds; then
      mkdir -p "$STAMP_DIR"
      echo "$build_before" >"$STAMP_DIR/build"
    fi
  fi
  # Also adopts, with a stamp, a node_modules that was installed by hand and is up to date.
  if [ -n "$reason" ] || [ ! -f "$stamp" ]; then
    mkdir -p "$STAMP_DIR"
    echo "$key" >"$stamp"
  fi
}

build() {
  local key stamp=$STAMP_DIR/build
  key=$(build_key)
  if [ -d dist ] && [ -d web/dist ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
    return 0
  fi
  log 'building server and web app: npm run build'
  rm -f "$stamp"
  npm run build
  # The key was taken before building: a file edited during the build triggers the next one.
  mkdir -p "$STAMP_DIR"
  echo "$key" >"$stamp"
}

setup() {
  local -a packages=("${RUNTIME_PACKAGES[@]}")
  if [ "${1:-}" = test ]; then
    packages+=("${TEST_PACKAGES[@]}")
    if ! command -v psql >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null 2>&1; then
      packages+=(postgresql)
    fi
  fi
  install_debian_packages "${packages[@]}"
  check_node
  install_npm_dependencies
  build
  log 'setup complete'
}

# Start the local PostgreSQL cluster when it is not answering on 127.0.0.1:5432.
start_local_postgres() {
  if ! command -v pg_isready >/dev/null 2>&1; then
    log 'WARNING: pg_isready not found; cannot check PostgreSQL'
    return 0
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 && return 0
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /etc/postgresql ]; then
    log 'WARNING: PostgreSQL is not answering on 127.0.0.1:5432 and no local cluster was found'
    return 0
  fi
  local version
  # shellcheck disable=SC2012 # the entries are version numbers
  version=$(ls /etc/postgresql | head -1)
  log "starting PostgreSQL $version (cluster main)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
    log "WARNING: pg_ctlcluster $version main start failed"
  local i
  for ((i = 0; i < 30; i++)); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return 0
    sleep 1
  done
  log 'WARNING: PostgreSQL did not become ready on 127.0.0.1:5432 within 30 s'
}

prepare_postgres() {
  if [ -z "${VEDETTA_TEST_DATABASE_URL:-}" ]; then
    export VEDETTA_TEST_DATABASE_URL=$DEFAULT_TEST_DATABASE_URL
    start_local_postgres
  fi
  # -w: never prompt for a password. The URL is not printed: it may hold one.
  if ! command -v psql >/dev/null 2>&1 ||
    ! PGCONNECT_TIMEOUT=5 psql -w -Atq -d "$VEDETTA_TEST_DATABASE_URL" -c 'select 1' >/dev/null 2>&1; then
    log 'WARNING: cannot connect to the test database (VEDETTA_TEST_DATABASE_URL);'
    log '         the PostgreSQL tests need it. Allow the connection (e.g. "trust" for'
    log '         127.0.0.1 in pg_hba.conf) or set VEDETTA_TEST_DATABASE_URL to a database that accepts it.'
  fi
}

main() {
  local command=${1:-}
  [ $# -gt 0 ] && shift
  case "$command" in
    start)
      setup
      [ -f bin/vedetta.js ] || die 'bin/vedetta.js not found'
      log 'starting Vedetta'
      exec node bin/vedetta.js serve "$@"
      ;;
    test)
      setup test
      prepare_postgres
      log 'running the tests: npm test'
      if [ $# -gt 0 ]; then
        exec npm test -- "$@"
      fi
      exec npm test
      ;;
    setup)
      setup
      ;;
    -h | --help | help)
      usage
      ;;
    *)
      usage
      exit 2
      ;;
  esac
}

main "$@"
