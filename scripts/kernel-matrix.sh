#!/usr/bin/env bash
# Runs the kernel tests (every program of electrode.bpf.o and of the compiler's corpus loaded, and the differential
# suite at a reduced case count) on Debian's LTS kernels, each in a throwaway VM, and on the host's kernel; prints a
# table of the results.
#
#   sudo scripts/kernel-matrix.sh [--kernels "6.1 6.12 host"] [--timeout SECONDS] [--cases N] [--no-build]
#                                 [--tests "Project|Filter"]   (instead of the subset below; may be given again)
#
# Each VM boots a generic Debian kernel (downloaded as a .deb with apt and extracted, never installed on the host) with a
# busybox initramfs; the host's root is shared read-only over virtio-9p under a tmpfs overlay, and the host's dotnet
# runs the tests inside. There is no /dev/kvm here, so qemu emulates the CPU: tests run 25 to 30 times slower, which is
# why the subset is small and each VM is bounded by --timeout. One VM runs at a time, under `nice -n 10`. Kernels are
# kept in $KERNEL_MATRIX_CACHE (default /var/cache/bpfsharp-kernel-matrix) so that a second run downloads nothing; the
# initramfs, a copy of the test binaries, the VM's console log and the test logs live in a temporary directory under
# /var/tmp, removed on exit (--keep keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$(pwd)

kernels="6.1 6.12 host"
timeout_seconds=3600
# Enough for every Electrode property test to reach more than one verdict: the fast reply returns anything but XDP_PASS
# in about 0.5% of cases (47 of 10,000 on the host), so 200 cases show one verdict only in about two runs of five, 1000
# in about one run of a hundred.
cases=1000
build=true
keep=false
chosen_runs=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --kernels) kernels="$2"; shift 2 ;;
        --timeout) timeout_seconds="$2"; shift 2 ;;
        --cases) cases="$2"; shift 2 ;;
        --no-build) build=false; shift ;;
        --keep) keep=true; shift ;;
        --tests) chosen_runs+=("$2"); shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "kernel-matrix: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
if [[ $(id -u) -ne 0 ]]; then
    echo "kernel-matrix: run as root (it installs qemu with apt and loads BPF programs on the host)" >&2
    exit 1
fi

cache=${KERNEL_MATRIX_CACHE:-/var/cache/bpfsharp-kernel-matrix}
# Not under /tmp: the VM mounts a tmpfs there, and it runs the test binaries copied here.
work=$(mktemp -d /var/tmp/kernel-matrix.XXXXXX)
cleanup() { if [[ $keep == true ]]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
mkdir -p "$cache"

# The subset: every program of electrode.bpf.o loaded; every corpus program loaded and run through the differential
# property tests, as are the Electrode programs; the Electrode programs' agreement tests; the in-process kernel's
# conformance tests and the loader's. The crafted-case corpus tests repeat what the property tests cover at a far higher
# cost under emulation, and attach tests need veth pairs: both are left to the host's full suite.
test_runs=(
    "BpfSharp.Compiler.Tests|FullyQualifiedName~CorpusPropertyTests|FullyQualifiedName~ElectrodeObjectTests"
    "Electrode.Programs.Tests|FullyQualifiedName~KernelAgreementTests|FullyQualifiedName~ElectrodePropertyTests"
    "BpfSharp.Runtime.Tests|FullyQualifiedName~KernelConformanceTests|FullyQualifiedName~BpfObjectTests|FullyQualifiedName~SourceLineTests|FullyQualifiedName~BpfProgramTests|FullyQualifiedName~BpfMapHandleTests|FullyQualifiedName~BpfRingBufferTests"
)
if [[ ${#chosen_runs[@]} -gt 0 ]]; then test_runs=("${chosen_runs[@]}"); fi

install_tools() {
    local missing=()
    command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
    [[ -x /bin/busybox ]] && /bin/busybox --list 2>/dev/null | grep -qx insmod || missing+=(busybox-static)
    command -v depmod >/dev/null || missing+=(kmod)
    command -v cpio >/dev/null || missing+=(cpio)
    command -v xz >/dev/null || missing+=(xz-utils)
    command -v zstd >/dev/null || missing+=(zstd)
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# The Debian mirror the host's apt uses (deb822 or one-line sources).
debian_mirror() {
    local uri
    uri=$(grep -rhoE '^(URIs:[[:space:]]*|deb[[:space:]]+)(\[[^]]*\][[:space:]]+)?[a-z]+://[^[:space:]]+/debian/?([[:space:]]|$)' \
        /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | grep -oE '[a-z]+://[^[:space:]]+' | head -n1 || true)
    [[ -n $uri ]] || { echo "kernel-matrix: no Debian mirror found in the host's apt sources" >&2; exit 1; }
    echo "${uri%/}"
}

# apt with a private state for a suite the host does not list (bookworm-backports for 6.12): the host's sources stay as
# they are.
private_apt() {
    local suite=$1; shift
    local state=$cache/apt-$suite
    mkdir -p "$state/lists/partial" "$state/archives/partial"
    [[ -f $state/sources.list ]] || echo "deb $(debian_mirror) $suite main" >"$state/sources.list"
    local options=(-o Dir::Etc::SourceList="$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o Dir::State::Lists="$state/lists" -o Dir::Cache::Archives="$state/archives"
        -o Dir::Cache::pkgcache="$state/pkgcache.bin" -o Dir::Cache::srcpkgcache="$state/srcpkgcache.bin")
    "$@" "${options[@]}"
}

# Prints the path of the extracted kernel tree for a series ("6.1", "6.12"), downloading it once.
fetch_kernel() {
    local series=$1 package
    case "$series" in
        6.1)
            apt-cache show linux-image-amd64 >/dev/null 2>&1 || apt-get update -qq
            package=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | cut -d' ' -f1 | sort -V | tail -n1)
            ;;
        6.12)
            [[ -f $cache/apt-bookworm-backports/lists/lock ]] || private_apt bookworm-backports apt-get update -qq
            package=$(private_apt bookworm-backports apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+[a-z0-9.+~-]*-amd64$' \
                | cut -d' ' -f1 | grep -v -e unsigned -e dbg -e cloud -e rt- | sort -V | tail -n1)
            ;;
        *) echo "kernel-matrix: unknown kernel series '$series' (6.1, 6.12 or host)" >&2; return 1 ;;
    esac
    [[ -n $package ]] || { echo "kernel-matrix: no linux-image package found for $series" >&2; return 1; }
    local tree=$cache/$package
    if [[ ! -f $tree/.complete ]]; then
        rm -rf "$tree" && mkdir -p "$tree/deb"
        if [[ $series == 6.1 ]]; then
            (cd "$tree/deb" && apt-get download "$package" >/dev/null 2>&1)
        else
            (cd "$tree/deb" && private_apt bookworm-backports apt-get download "$package" >/dev/null 2>&1)
        fi
        dpkg-deb -x "$tree"/deb/*.deb "$tree/root"
        rm -rf "$tree/deb"
        depmod -b "$tree/root" "$(ls "$tree/root/lib/modules")"
        touch "$tree/.complete"
    fi
    echo "$tree"
}

# Builds an initramfs for a kernel tree: busybox, the modules that mount the host's root, and /init.
make_initramfs() {
    local tree=$1 out=$2 version staging
    version=$(ls "$tree/root/lib/modules")
    staging=$work/initramfs
    rm -rf "$staging" && mkdir -p "$staging"/{bin,dev,proc,sys,host,newroot,rw,modules}
    cp /bin/busybox "$staging/bin/busybox"
    : >"$staging/modules/order"
    local line module name
    while read -r line; do
        module=${line#insmod }; module=${module%% *}
        name=$(basename "$module"); name=${name%.xz}; name=${name%.zst}
        [[ -f $staging/modules/$name ]] && continue
        case "$module" in
            *.xz) xz -dc "$module" >"$staging/modules/$name" ;;
            *.zst) zstd -qdc "$module" >"$staging/modules/$name" ;;
            *) cp "$module" "$staging/modules/$name" ;;
        esac
        echo "$name" >>"$staging/modules/order"
    done < <(modprobe -d "$tree/root" -S "$version" -a --show-depends virtio_pci 9pnet_virtio 9p overlay | grep '^insmod ')
    cp "$repository/scripts/kernel-matrix/init" "$staging/init"
    chmod +x "$staging/init"
    (cd "$staging" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
}

# The built test binaries, copied so that a build in the repository while the VMs run (an hour) does not change them
# under a running test.
snapshot_tests() {
    local entry project
    for entry in "${test_runs[@]}"; do
        project=${entry%%|*}
        [[ -f $repository/tests/$project/bin/Release/net10.0/$project.dll ]] \
            || { echo "kernel-matrix: tests/$project is not built (run without --no-build)" >&2; exit 1; }
        mkdir -p "$work/tests/$project"
        cp -a "$repository/tests/$project/bin/Release/net10.0/." "$work/tests/$project/"
    done
}

# Runs the test subset with the host's dotnet; writes logs into $1. In the VM this same function runs in the chroot.
run_tests() {
    local logs=$1 entry project filter dll status
    for entry in "${test_runs[@]}"; do
        project=${entry%%|*}; filter=${entry#*|}
        dll=$work/tests/$project/$project.dll
        status=0
        CI=true BPFSHARP_DIFFERENTIAL_CASES=$cases timeout "$timeout_seconds" \
            dotnet test "$dll" --filter "$filter" --logger "console;verbosity=normal" --results-directory "$logs/results" \
            >"$logs/$project.log" 2>&1 || status=$?
        echo "$status" >"$logs/$project.exit"
    done
}

run_vm() {
    local series=$1 logs=$2 tree vmlinuz
    tree=$(fetch_kernel "$series")
    vmlinuz=$(ls "$tree"/root/boot/vmlinuz-*)
    make_initramfs "$tree" "$work/initramfs-$series.cpio.gz"
    # What the guest's /init runs in the chroot: this script's run_tests, with the same settings.
    cat >"$logs/guest.sh" <<EOF
#!/bin/bash
set -u
# No profile-guided re-JIT: under emulation every method compiled twice costs more than the faster code saves.
export HOME=/root DOTNET_TieredPGO=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
uname -r >/results/uname
cases=$cases timeout_seconds=$timeout_seconds work=$work
$(declare -p test_runs)
$(declare -f run_tests)
run_tests /results
EOF
    chmod +x "$logs/guest.sh"
    local started=$SECONDS status=0
    # no_timer_check: on a loaded host the emulated CPU is too slow for the kernel's IO-APIC timer check, which then
    # panics at boot ("IO-APIC + timer doesn't work!", seen with 6.1).
    timeout "$timeout_seconds" nice -n 10 qemu-system-x86_64 \
        -machine q35 -accel tcg,thread=multi -cpu max -smp 2 -m 6144 \
        -nographic -no-reboot -nic none -monitor none -serial "file:$logs/console.log" \
        -kernel "$vmlinuz" -initrd "$work/initramfs-$series.cpio.gz" \
        -append "console=ttyS0 panic=-1 loglevel=4 no_timer_check" \
        -fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
        -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
        -fsdev local,id=results,path="$logs",security_model=none \
        -device virtio-9p-pci,fsdev=results,mount_tag=results \
        >/dev/null 2>"$logs/qemu.err" || status=$?
    echo $((SECONDS - started)) >"$logs/seconds"
    if [[ $status -eq 124 ]]; then echo "timed out after ${timeout_seconds}s" >"$logs/vm-error"; fi
    if [[ ! -f $logs/uname ]]; then echo "did not reach the tests (see the console log)" >>"$logs/vm-error"; fi
}

# One row per test project: passed/failed/skipped from the runner's summary line, and the first failure's message.
summarise() {
    local label=$1 logs=$2 kernel entry project log summary
    kernel=$(cat "$logs/uname" 2>/dev/null || echo "-")
    for entry in "${test_runs[@]}"; do
        project=${entry%%|*}
        log=$logs/$project.log
        summary="no result"
        if [[ -f $log ]]; then
            # The console logger's closing lines at normal verbosity: "Total tests: N", "Passed: N", "Failed: N", ...
            summary=$(awk '/^Total tests: /{t=1} /^ +Passed: /{p=$2} /^ +Failed: /{f=$2} /^ +Skipped: /{s=$2}
                END{if (t) printf "%d passed, %d failed, %d skipped", p, f, s}' "$log")
            # A run cut short has no summary line: count the tests it finished.
            [[ -n $summary ]] || summary="cut short: $(grep -cE '^ +Passed ' "$log" || true) passed, $(grep -cE '^ +Failed ' "$log" || true) failed"
        fi
        printf '| %-6s | %-24s | %-26s | %-34s | %6s |\n' "$label" "$kernel" "$project" "$summary" "$(cat "$logs/seconds" 2>/dev/null || echo -)"
    done
    [[ -f $logs/vm-error ]] && printf '|        | %s\n' "$(tr '\n' ' ' <"$logs/vm-error")"
    local failure
    for entry in "${test_runs[@]}"; do
        project=${entry%%|*}
        failure=$(grep -m1 -A2 -E '^ +Failed [A-Za-z]' "$logs/$project.log" 2>/dev/null | tr -s ' \n' ' ' || true)
        [[ -n $failure ]] && echo "  $label $project first failure: ${failure:0:400}"
    done
    return 0
}

install_tools
if [[ $build == true ]]; then dotnet build Electrode.sln -c Release -v q -nologo; fi
snapshot_tests
for series in $kernels; do
    logs=$work/$series
    mkdir -p "$logs"
    echo "== $series: running (timeout ${timeout_seconds}s) =="
    if [[ $series == host ]]; then
        started=$SECONDS
        uname -r >"$logs/uname"
        run_tests "$logs"
        echo $((SECONDS - started)) >"$logs/seconds"
    else
        run_vm "$series" "$logs" || echo "could not run the VM for $series" >>"$logs/vm-error"
    fi
done

echo
echo "kernel matrix: ${cases} differential cases per program; seconds = wall time of the whole run on that kernel"
printf '| %-6s | %-24s | %-26s | %-34s | %6s |\n' kernel "uname -r" "test project" result seconds
for series in $kernels; do summarise "$series" "$work/$series"; done
