// Loader fixture: an XDP program whose verdict comes from .rodata, plus .data and .bss counters,
// so tests can change the result by setting variables before load.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 verdict = XDP_PASS;
const volatile __u32 verdict_offset = 0;
__u64 runs_data = 100;
__u64 runs_bss;

SEC("xdp")
int xdp_verdict(struct xdp_md *ctx)
{
	runs_data++;
	runs_bss++;
	return verdict + verdict_offset;
}

char LICENSE[] SEC("license") = "GPL";
