#!/usr/bin/env bash
# The demo in one command on a fresh machine: installs the native dependencies (idempotent), builds the electrode
# command, and runs `electrode demo` (3 replicas in network namespaces, no fast path against the kernel fast paths).
# Needs root (network namespaces, BPF); as another user it re-runs itself with sudo when sudo exists.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "demo: run as root (network namespaces and BPF need it)" >&2; exit 1; }
  exec sudo -E bash "$0" "$@"
fi
bash scripts/bootstrap.sh
dotnet build tools/Electrode.Cli/Electrode.Cli.csproj -c Release -nologo -clp:ErrorsOnly
exec tools/Electrode.Cli/bin/Release/net10.0/electrode demo "$@"
