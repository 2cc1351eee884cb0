#!/usr/bin/env bash
# The system packages the stack and the browser tests need, installed with apt when missing:
# PostgreSQL's server binaries (the embedded database) and Chromium (the browser tier drives it headless).
set -euo pipefail
missing=()
if ! { command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; } \
   && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  missing+=(postgresql)
fi
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ "${#missing[@]}" -eq 0 ] && exit 0
echo "Installing with apt: ${missing[*]} …"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# PostgreSQL's own cluster is not used: the stack runs a throwaway one on a free port.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null \
  || { echo "postgresql install did not provide initdb" >&2; exit 1; }
command -v chromium >/dev/null || { echo "chromium install failed" >&2; exit 1; }
