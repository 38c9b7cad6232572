#!/bin/sh
# ensure-shells.sh: makes sure the shells a tape can `Set Shell` to are installed, for the tests that start
# them: usage `ensure-shells.sh zsh fish`. A shell missing from PATH is installed from Debian's package of
# the same name by apt-install.sh, as ensure-chromium.sh installs Chromium.
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
  # The package names are the shells' names (zsh, fish); word splitting of $missing is wanted here.
  # shellcheck disable=SC2086
  sh "$(dirname "$0")/apt-install.sh" ensure-shells $missing
fi

for name in "$@"; do
  if ! path=$(command -v "$name" 2>/dev/null); then
    echo "ensure-shells: $name was installed but is not on PATH" >&2
    exit 1
  fi
  echo "$path"
done
