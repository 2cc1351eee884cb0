#!/usr/bin/env bash
# Mutation score of the pure domains and the working-time calculator against the unit tests (`make mutants`).
#
# mutmut 3 names a mutant by its file's path under `src/` and puts `mutants/src` first on sys.path, so it needs
# one `src/` holding every package. This repository has one per package (services/*/src, runtime/src), so the
# run happens in a staging copy, .mutation/, laid out as mutmut expects: src/<package> for the packages that hold
# a mutated module, the unit tests at their own relative paths (they find deploy/ from their own location), and
# a pyproject.toml with the pytest settings and the mutmut configuration. The copy is made afresh every run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STAGE=$ROOT/.mutation
CHILDREN=${LPSE_MUTANTS_CHILDREN:-$(nproc)}

# The modules mutated: the working-time calculator and the pure domain modules named in docs/mutants.md.
MUTATED=(
  src/lpse_runtime/worktime.py
  "src/verification/domain/*"
  src/registration/domain.py
  "src/helpdesk/domain/*"
  src/helpdesk/complaints/domain.py
  src/helpdesk/survey/skm.py
  src/gateway/domain.py
  src/notifier/domain.py
  src/identity/accounts.py
)
PACKAGES=(runtime/src/lpse_runtime services/{verification,registration,helpdesk,notifier,identity,gateway}/src/*/)
UNIT_TESTS=(runtime/tests services/{verification,registration,helpdesk,notifier,identity,gateway}/tests/unit)

rm -rf "$STAGE"
mkdir -p "$STAGE/src"
for package in "${PACKAGES[@]}"; do
  cp -r "$ROOT/${package%/}" "$STAGE/src/"
done
for folder in "${UNIT_TESTS[@]}"; do
  mkdir -p "$STAGE/$folder"
  cp "$ROOT/$folder"/*.py "$STAGE/$folder/"  # the unit tests only: integration/ sits in a folder of its own
  parent=${folder%/unit}
  if [[ $parent != "$folder" ]] && compgen -G "$ROOT/$parent/*.py" > /dev/null; then
    cp "$ROOT/$parent"/*.py "$STAGE/$parent/"  # what the unit tests import beside them (shared test data)
  fi
done
mkdir -p "$STAGE/tests"
cp "$ROOT"/tests/*.py "$STAGE/tests/"  # the tests' support package (tests.support), not the server tiers
cp "$ROOT/conftest.py" "$ROOT/.importlinter" "$STAGE/"
# Each mutant reruns every test that reaches the mutated function: hypothesis's properties run 20 examples there
# instead of 100 (the known-answer tests do the killing; the properties stay as they are in `make test`).
cat >> "$STAGE/conftest.py" <<'PY'

from hypothesis import settings as _hypothesis_settings

_hypothesis_settings.register_profile("mutants", max_examples=20, deadline=None, database=None)
PY
cp -r "$ROOT/deploy" "$STAGE/"
for service in "$ROOT"/services/*/; do  # templates and the like, found from the repository's root
  mkdir -p "$STAGE/services/$(basename "$service")"
  cp -r "$service/src" "$STAGE/services/$(basename "$service")/"
done

{
  cat <<'TOML'
[tool.pytest.ini_options]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "session"
asyncio_default_test_loop_scope = "session"
addopts = "--import-mode=importlib -p no:cacheprovider"
pythonpath = ["."]
markers = ["integration", "e2e", "reliability", "browser"]

[tool.mutmut]
source_paths = ["src/"]
also_copy = [".importlinter", "conftest.py", "deploy/", "runtime/", "services/"]
use_git_change_detection = false
pytest_add_cli_args = ["--hypothesis-profile=mutants"]
TOML
  printf 'only_mutate = [%s]\n' "$(printf '"%s", ' "${MUTATED[@]}" | sed 's/, $//')"
  printf 'pytest_add_cli_args_test_selection = [%s]\n' "$(printf '"%s", ' "${UNIT_TESTS[@]}" | sed 's/, $//')"
} > "$STAGE/pyproject.toml"

cd "$STAGE"
started=$(date +%s)
if ! "$ROOT/.venv/bin/mutmut" run --max-children "$CHILDREN" > mutmut.log 2>&1; then
  tail -n 40 mutmut.log
  echo "mutmut failed; its whole output is in .mutation/mutmut.log" >&2
  exit 1
fi
echo "mutmut run: $(( $(date +%s) - started )) s on $CHILDREN processes"
"$ROOT/.venv/bin/python" "$ROOT/scripts/mutation_score.py" "$STAGE/mutants"
