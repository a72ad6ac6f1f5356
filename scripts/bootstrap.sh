#!/usr/bin/env bash
# Installs every native dependency of the project. Idempotent: installs only what is missing.
set -euo pipefail

packages=(libllvm19 libbpf1 libbpf-dev bpftool iproute2 iptables clang-19 llvm-19 fontconfig fonts-dejavu-core)

missing=()
for p in "${packages[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

test -e /usr/lib/x86_64-linux-gnu/libLLVM.so.19.1 || test -e /usr/lib/llvm-19/lib/libLLVM.so.19.1 \
  || { echo "bootstrap: libLLVM.so.19.1 not found after installing libllvm19" >&2; exit 1; }
# The cache is read whole before it is searched: 'ldconfig -p | grep -q' under pipefail fails now and then, when grep
# exits at the first match and ldconfig dies of SIGPIPE.
libraries=$(ldconfig -p)
grep -q 'libbpf.so.1 ' <<<"$libraries" || { echo "bootstrap: libbpf.so.1 not found after installing libbpf1" >&2; exit 1; }

# bpffs is where pinned maps live; mount it if the machine has not.
mounts=$(mount)
if ! grep -q ' /sys/fs/bpf type bpf' <<<"$mounts"; then
  mount -t bpf bpf /sys/fs/bpf 2>/dev/null || echo "bootstrap: could not mount bpffs at /sys/fs/bpf (pinning tests will say so)" >&2
fi
echo "bootstrap: native dependencies present"
