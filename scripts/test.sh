#!/usr/bin/env bash
# The project's test command: builds the solution and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Electrode.sln -c Release
dotnet test Electrode.sln -c Release --no-build --logger "console;verbosity=normal"
