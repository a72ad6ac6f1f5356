#!/usr/bin/env bash
# Property-based differential testing at scale: every corpus program and every Electrode program, CASES generated cases
# each (default 1,000,000), run in-process and in the kernel. Prints, per program, the cases, the agreed return codes,
# the frames both sides refused, the declared differences, the divergences (a divergence is shrunk and printed with
# the CsCheck seed that reproduces it: CsCheck_Seed=<seed>) and the time per case.
# --parallel runs the two test projects at once (one per core). PROGRESS_FILE (default differential-progress.log)
# receives each program's counts every 50,000 cases, so that a run stopped midway says how far each program got.
# --only NAME[,NAME...] runs only the programs whose test name contains one of the names (e.g. --only RingBuffer,Dispatch).
# SKIP_BUILD=1 runs what is already built. Needs root (or CAP_BPF) on a kernel with BTF.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=1000000
parallel=false
programs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --parallel) parallel=true ;;
    --only) programs="$2"; shift ;;
    *) cases="$1" ;;
  esac
  shift
done
filter="FullyQualifiedName~CorpusPropertyTests|FullyQualifiedName~ElectrodePropertyTests"
if [ -n "$programs" ]; then
  filter="($filter)&(DisplayName~${programs//,/|DisplayName~})"
fi
progress="${PROGRESS_FILE:-differential-progress.log}"
[ "${SKIP_BUILD:-}" = 1 ] || dotnet build Electrode.sln -c Release

run_project() {
  CI=true BPFSHARP_DIFFERENTIAL_CASES="$cases" BPFSHARP_DIFFERENTIAL_PROGRESS="$(realpath -m "$progress")" \
    dotnet test "$1" -c Release --no-build \
    --filter "$filter" \
    --logger "console;verbosity=detailed" 2>&1 \
    | grep --line-buffered -E '^ +[A-Za-z0-9.]+: [0-9]+ cases|Set seed|disagree|^ +(in-process|kernel|map|return code|ring|the )|Passed!|Failed!|^ *(Total tests|Passed|Failed|Skipped): '
}

status=0
if $parallel; then
  run_project tests/BpfSharp.Compiler.Tests & compiler=$!
  run_project tests/Electrode.Programs.Tests & electrode=$!
  wait "$compiler" || status=$?
  wait "$electrode" || status=$?
else
  for project in tests/BpfSharp.Compiler.Tests tests/Electrode.Programs.Tests; do
    run_project "$project" || status=$?
  done
fi
exit $status
