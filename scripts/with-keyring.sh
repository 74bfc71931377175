#!/bin/sh
# Runs a command inside its own D-Bus session with a fresh, unlocked GNOME keyring in a
# throw-away folder, so tests get a real Secret Service without touching the user's keyring.
# Usage: scripts/with-keyring.sh <command> [args...]
set -eu
KR=$(mktemp -d "${TMPDIR:-/tmp}/qb-keyring.XXXXXX")
trap 'rm -rf "$KR"' EXIT INT TERM
mkdir -m 700 "$KR/run" "$KR/data"
export XDG_DATA_HOME="$KR/data" XDG_RUNTIME_DIR="$KR/run"
# The keyring daemon reads its password on stdin; "test" only guards this throw-away keyring.
dbus-run-session -- sh -c 'printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' sh "$@"
