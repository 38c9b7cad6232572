#!/bin/sh
# ensure-shells.sh: makes sure the shells a tape can `Set Shell` to are installed, for the tests that start
# them: usage `ensure-shells.sh zsh fish`. A shell missing from PATH is installed from Debian's package of
# the same name, non-interactively (through sudo when not root), like ensure-chromium.sh does for Chromium.
# Prints the path of each shell on its own line of stdout, in the order asked; exits non-zero with a message
# on stderr when it cannot provide one of them.
set -eu

if [ "$#" -eq 0 ]; then
  echo "ensure-shells: usage: ensure-shells.sh <shell>..." >&2
  exit 2
fi

missing=""
for name in "$@"; do
  if ! command -v "$name" >/dev/null 2>&1; then missing="$missing $name"; fi
done

if [ -n "$missing" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-shells:$missing not found and apt-get is not available; install$missing yourself" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    run_as_root=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run_as_root="sudo -n"
  else
    echo "ensure-shells:$missing not found and not root (nor passwordless sudo); run: sudo apt-get install -y$missing" >&2
    exit 1
  fi
  echo "ensure-shells: installing Debian's$missing (apt-get)" >&2
  # The package names are the shells' names (zsh, fish); word splitting of $missing is wanted here.
  # shellcheck disable=SC2086
  if ! $run_as_root apt-get update >&2 || ! $run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >&2; then
    echo "ensure-shells: apt-get could not install$missing; install it yourself" >&2
    exit 1
  fi
fi

for name in "$@"; do
  if ! path=$(command -v "$name" 2>/dev/null); then
    echo "ensure-shells: $name was installed but is not on PATH" >&2
    exit 1
  fi
  echo "$path"
done
