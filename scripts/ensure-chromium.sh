#!/bin/sh
# ensure-chromium.sh: makes sure a Chromium binary exists for the browser tests of report.html.
# Looks at $CHROMIUM_PATH, then `chromium` and `chromium-browser` on PATH; when none is found, installs
# Debian's `chromium` package with apt-install.sh. Prints the binary's path on
# the last line of stdout; exits non-zero with a message on stderr when it cannot provide one.
set -eu

found() {
  echo "ensure-chromium: using $1" >&2
  echo "$1"
  exit 0
}

if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ -x "$CHROMIUM_PATH" ]; then found "$CHROMIUM_PATH"; fi
  echo "ensure-chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file" >&2
  exit 1
fi

for name in chromium chromium-browser; do
  if path=$(command -v "$name" 2>/dev/null); then found "$path"; fi
done

echo "ensure-chromium: no chromium found (set CHROMIUM_PATH to use another build)" >&2
sh "$(dirname "$0")/apt-install.sh" ensure-chromium chromium

for name in chromium chromium-browser; do
  if path=$(command -v "$name" 2>/dev/null); then
    echo "ensure-chromium: installed $path" >&2
    echo "$path"
    exit 0
  fi
done
echo "ensure-chromium: the chromium package was installed but no chromium binary is on PATH; set CHROMIUM_PATH" >&2
exit 1
