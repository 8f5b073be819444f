#!/usr/bin/env bash
# Make sure a Chromium is installed for the browser tests (tests/browser/: Playwright for
# Python drives it through `executable_path`; no browser is ever downloaded by Playwright).
# Installs the Debian package chromium when missing and this runs as root (or with
# password-less sudo). ATIENDE_CHROMIUM names another binary; it must then exist. When it
# cannot: in CI (CI set) that is an error; elsewhere it says what to do and exits 0 — the
# browser tests are then skipped with the reason.
set -euo pipefail

cannot() {
  echo "$1" >&2
  if [ -n "${CI:-}" ]; then exit 1; fi
  exit 0
}

if [ -n "${ATIENDE_CHROMIUM:-}" ]; then
  if [ -x "$ATIENDE_CHROMIUM" ]; then exit 0; fi
  cannot "ATIENDE_CHROMIUM=$ATIENDE_CHROMIUM is not an executable file: point it at a Chromium binary or unset it to use /usr/bin/chromium."
fi
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    cannot "chromium is not installed and this is not root: run 'apt-get install -y chromium' as root, or set ATIENDE_CHROMIUM to a Chromium binary (the browser tests are skipped outside CI without it)."
  fi
else
  SUDO=""
fi
if ! command -v apt-get >/dev/null 2>&1; then
  cannot "chromium is not installed and apt-get is not available: install Chromium and set ATIENDE_CHROMIUM to its binary."
fi
echo "Installing chromium for the browser tests"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# Recommends (desktop integration) are left out: the headless tests need none of them.
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
[ -x /usr/bin/chromium ]
