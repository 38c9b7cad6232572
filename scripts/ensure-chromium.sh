#!/bin/sh
# ensure-chromium.sh: makes sure a Chromium binary exists for the browser tests of report.html.
# Looks at $CHROMIUM_PATH, then `chromium` and `chromium-browser` on PATH; when none is found, installs
# Debian's `chromium` package non-interactively (through sudo when not root). Prints the binary's path on
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

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no chromium found and apt-get is not available; install Chromium and set CHROMIUM_PATH to its binary" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  run_as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run_as_root="sudo -n"
else
  echo "ensure-chromium: no chromium found and not root (nor passwordless sudo); run: sudo apt-get install -y chromium, or set CHROMIUM_PATH" >&2
  exit 1
fi

echo "ensure-chromium: no chromium found; installing Debian's chromium package (apt-get)" >&2
if ! $run_as_root apt-get update >&2 || ! $run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2; then
  echo "ensure-chromium: apt-get could not install chromium; install it yourself or set CHROMIUM_PATH" >&2
  exit 1
fi

for name in chromium chromium-browser; do
  if path=$(command -v "$name" 2>/dev/null); then
    echo "ensure-chromium: installed $path" >&2
    echo "$path"
    exit 0
  fi
done
echo "ensure-chromium: the chromium package was installed but no chromium binary is on PATH; set CHROMIUM_PATH" >&2
exit 1
