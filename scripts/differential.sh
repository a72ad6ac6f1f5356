#!/usr/bin/env bash
# Property-based differential testing at scale: every corpus program and every Electrode program, CASES generated cases
# each (default 1,000,000), run in-process and in the kernel. Prints, per program, the cases, the agreed return codes,
# the frames both sides refused, the declared differences and the divergences (a divergence is shrunk and printed with
# the CsCheck seed that reproduces it: CsCheck_Seed=<seed>). Needs root (or CAP_BPF) on a kernel with BTF.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-1000000}"
dotnet build Electrode.sln -c Release
status=0
for project in tests/BpfSharp.Compiler.Tests tests/Electrode.Programs.Tests; do
  CI=true BPFSHARP_DIFFERENTIAL_CASES="$cases" dotnet test "$project" -c Release --no-build \
    --filter "FullyQualifiedName~CorpusPropertyTests|FullyQualifiedName~ElectrodePropertyTests" \
    --logger "console;verbosity=detailed" 2>&1 \
    | grep -E '^ +[A-Za-z0-9.]+: [0-9]+ cases|Set seed|disagree|^ +(in-process|kernel|map|return code|ring|the )|Passed!|Failed!' || status=$?
done
exit $status
