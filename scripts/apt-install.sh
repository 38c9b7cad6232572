#!/bin/sh
# apt-install.sh: installs Debian packages non-interactively, for the tests' own tools (ensure-chromium.sh,
# ensure-shells.sh): usage `apt-install.sh <who> <package>...`, where <who> names the caller in messages.
# Runs apt-get as root, or through passwordless sudo; exits non-zero with one line on stderr saying why it
# could not (no apt-get, not root, apt-get failed). apt-get's own output goes to stderr.
set -eu

who="$1"
shift
packages="$*"

if ! command -v apt-get >/dev/null 2>&1; then
  echo "$who: $packages not found and apt-get is not available; install $packages yourself" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  run_as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run_as_root="sudo -n"
else
  echo "$who: $packages not found and not root (nor passwordless sudo); run: sudo apt-get install -y $packages" >&2
  exit 1
fi
echo "$who: installing Debian's $packages (apt-get)" >&2
# Word splitting of the package list is wanted here.
# shellcheck disable=SC2086
if ! $run_as_root apt-get update >&2 || ! $run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages >&2; then
  echo "$who: apt-get could not install $packages; install it yourself" >&2
  exit 1
fi
