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

# Test files run two at a time, and two of them may need a tool at once: one installs while the other waits
# for it (apt-get would refuse the second with "Could not get lock"), then finds the packages in place.
lock="${TMPDIR:-/tmp}/termaudit-apt-install.lock"
if command -v flock >/dev/null 2>&1 && { [ ! -e "$lock" ] || [ -w "$lock" ]; }; then
  exec 9>>"$lock"
  if ! flock -w 1200 9; then
    echo "$who: waited 20 min for another apt-get install of the tests' tools ($lock); install $packages yourself" >&2
    exit 1
  fi
fi
installed() {
  for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || return 1
  done
}
if installed; then
  echo "$who: $packages installed meanwhile" >&2
  exit 0
fi

echo "$who: installing Debian's $packages (apt-get)" >&2
# Another apt-get (not ours, e.g. unattended upgrades) is waited for too, up to 5 minutes.
wait_lock="-o DPkg::Lock::Timeout=300"
# Word splitting of the package list and options is wanted here.
# shellcheck disable=SC2086
if ! $run_as_root apt-get $wait_lock update >&2 || ! $run_as_root env DEBIAN_FRONTEND=noninteractive apt-get $wait_lock install -y --no-install-recommends $packages >&2; then
  echo "$who: apt-get could not install $packages; install it yourself" >&2
  exit 1
fi
