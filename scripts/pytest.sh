#!/usr/bin/env bash
# Run pytest over every test tier; exit code 5 (nothing collected) is an error here, named as such.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pytest contracts runtime services deploy tests "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no test for: $*" >&2
fi
exit "$rc"
