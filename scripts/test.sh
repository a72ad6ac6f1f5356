#!/usr/bin/env bash
# The project's test command: installs the native dependencies (idempotent), builds the solution and runs every test
# project, then prints one summary line. Run it as root: the kernel and cluster tests need it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
dotnet build Electrode.sln -c Release
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Electrode.sln -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?
awk '/^ *Passed: /{p+=$2} /^ *Failed: /{f+=$2} /^ *Skipped: /{s+=$2} END{printf "tests: %d passed, %d failed, %d skipped\n", p, f, s}' "$log"
exit $status
