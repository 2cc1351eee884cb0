#!/usr/bin/env bash
# Run pytest over every test tier, or over the paths given; exit code 5 (nothing collected) is an error here,
# named as such.
set -uo pipefail
cd "$(dirname "$0")/.."
paths=(contracts runtime services deploy tests)
for arg in "$@"; do
  if [[ "$arg" != -* && -e "${arg%%::*}" ]]; then
    paths=()  # a path was given: run that, not every tier besides it
    break
  fi
done
.venv/bin/pytest "${paths[@]}" "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no test for: $*" >&2
fi
exit "$rc"
