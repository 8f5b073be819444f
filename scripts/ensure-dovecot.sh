#!/usr/bin/env bash
# Make sure Dovecot's IMAP server is installed: the mail intake's tests run a real one
# (tests/channels/mail/dovecot.py starts its own instance on a loopback port; nothing is
# configured system-wide). Installs the Debian package dovecot-imapd when missing and this
# runs as root (or with password-less sudo). When it cannot: in CI (CI set) that is an error;
# elsewhere it says what to do and exits 0 — the IMAP tests are then skipped with the reason.
set -euo pipefail

cannot() {
  echo "$1" >&2
  if [ -n "${CI:-}" ]; then exit 1; fi
  exit 0
}

if command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    cannot "dovecot is not installed and this is not root: run 'apt-get install -y dovecot-imapd' as root (the IMAP tests are skipped outside CI without it)."
  fi
else
  SUDO=""
fi
if ! command -v apt-get >/dev/null 2>&1; then
  cannot "dovecot is not installed and apt-get is not available: install Dovecot's IMAP server."
fi
echo "Installing dovecot-imapd for the IMAP tests"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# The package's own service is not needed (the tests start their own instance); in a
# container without an init system its start-up simply does not happen.
$SUDO apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]
