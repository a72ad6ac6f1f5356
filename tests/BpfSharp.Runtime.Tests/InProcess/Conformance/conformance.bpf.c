// Probes of kernel helper semantics that the in-process kernel reproduces. Each program reads its arguments from the
// packet after the 14-byte Ethernet header and returns the helper's result, so one test run is one measurement.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} jumps SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} depth SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} small SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ring SEC(".maps");

static __always_inline int argument(void *data, void *data_end, __u32 index, __u32 *value)
{
	__u32 *slot = data + 14 + 4 * index;
	if ((void *)(slot + 1) > data_end)
		return -1;
	*value = *slot;
	return 0;
}

#define ARG(ctx, i, v) argument((void *)(long)(ctx)->data, (void *)(long)(ctx)->data_end, (i), &(v))

SEC("xdp") int adjust_head(struct xdp_md *ctx)
{
	__u32 delta;
	if (ARG(ctx, 0, delta)) return 0x7fffffff;
	return bpf_xdp_adjust_head(ctx, (int)delta);
}

SEC("xdp") int adjust_tail(struct xdp_md *ctx)
{
	__u32 delta;
	if (ARG(ctx, 0, delta)) return 0x7fffffff;
	return bpf_xdp_adjust_tail(ctx, (int)delta);
}

SEC("xdp") int xdp_load(struct xdp_md *ctx)
{
	__u32 offset;
	__u64 buffer = 0;
	if (ARG(ctx, 0, offset)) return 0x7fffffff;
	return bpf_xdp_load_bytes(ctx, offset, &buffer, 8);
}

SEC("xdp") int xdp_store(struct xdp_md *ctx)
{
	__u32 offset;
	__u64 buffer = 0x1122334455667788ULL;
	if (ARG(ctx, 0, offset)) return 0x7fffffff;
	return bpf_xdp_store_bytes(ctx, offset, &buffer, 8);
}

SEC("tc") int skb_load(struct __sk_buff *ctx)
{
	__u32 offset;
	__u64 buffer = 0;
	if (ARG(ctx, 0, offset)) return 0x7fffffff;
	return bpf_skb_load_bytes(ctx, offset, &buffer, 8);
}

SEC("tc") int skb_store(struct __sk_buff *ctx)
{
	__u32 offset;
	__u64 buffer = 0x1122334455667788ULL;
	if (ARG(ctx, 0, offset)) return 0x7fffffff;
	return bpf_skb_store_bytes(ctx, offset, &buffer, 8, 0);
}

// csum_diff(from = payload words 1..2, to = payload words 3..5, seed = payload word 0).
SEC("xdp") int csum(struct xdp_md *ctx)
{
	__u32 words[6];
	if (bpf_xdp_load_bytes(ctx, 14, words, sizeof(words)))
		return 0x7fffffff;
	return bpf_csum_diff(&words[1], 8, &words[3], 12, words[0]);
}

// Emits records of (payload word 0 & 63) bytes until the ring buffer refuses one; returns how many fitted.
SEC("xdp") int ring_fill(struct xdp_md *ctx)
{
	__u8 record[64] = {};
	__u32 size;
	int count = 0;
	if (ARG(ctx, 0, size)) return -1;
	size &= 63;
	for (int i = 0; i < 600; i++) {
		if (bpf_ringbuf_output(&ring, record, size, 0))
			break;
		count++;
	}
	return count;
}

// Returns the error of an output into the full ring buffer, after filling it.
SEC("xdp") int ring_full(struct xdp_md *ctx)
{
	__u8 record[16] = {};
	for (int i = 0; i < 300; i++)
		if (bpf_ringbuf_output(&ring, record, sizeof(record), 0))
			break;
	return bpf_ringbuf_output(&ring, record, sizeof(record), 0);
}

// Hash map error codes, one per byte: insert beyond max entries, NoExist on present, Exist on absent, delete absent.
SEC("xdp") int hash_errors(struct xdp_md *ctx)
{
	__u32 k1 = 1, k2 = 2, k3 = 3, v = 0;
	bpf_map_update_elem(&small, &k1, &v, BPF_ANY);
	bpf_map_update_elem(&small, &k2, &v, BPF_ANY);
	int full = bpf_map_update_elem(&small, &k3, &v, BPF_ANY);
	int present = bpf_map_update_elem(&small, &k2, &v, BPF_NOEXIST);
	int absent = bpf_map_update_elem(&small, &k3, &v, BPF_EXIST);
	int gone = bpf_map_delete_elem(&small, &k3);
	return (-full) | ((-present) << 8) | ((-absent) << 16) | ((-gone) << 24);
}

SEC("xdp") int jump_target(struct xdp_md *ctx)
{
	return 77;
}

// Calls (payload word 0) times into the empty slot 2, then into slot 1.
SEC("xdp") int empty_slot_calls(struct xdp_md *ctx)
{
	__u32 calls;
	if (ARG(ctx, 0, calls)) return -1;
	for (int i = 0; i < 40; i++) {
		if (i >= calls)
			break;
		bpf_tail_call(ctx, &jumps, 2);
	}
	bpf_tail_call(ctx, &jumps, 1);
	return 5;
}

// Counts its runs in depth[0] and tail-calls slot 0 (itself); returns the count when the call falls through.
SEC("xdp") int recurse(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u32 *runs = bpf_map_lookup_elem(&depth, &zero);
	if (!runs)
		return -1;
	(*runs)++;
	bpf_tail_call(ctx, &jumps, 0);
	return *runs;
}

char _license[] SEC("license") = "GPL";
