// Loader fixture: reads the packet without a bounds check, which the verifier must reject.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_unchecked_read(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	return data[0] == 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
