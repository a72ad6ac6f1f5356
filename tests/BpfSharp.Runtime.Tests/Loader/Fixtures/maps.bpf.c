// Loader fixture: maps of the kinds the loader must handle, and XDP (key 0) and TC (key 1) programs that count packets in them.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} per_cpu_hits SEC(".maps");

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *hits = bpf_map_lookup_elem(&per_cpu_hits, &key);
	if (hits)
		*hits += 1;
	__u64 *counter = bpf_map_lookup_elem(&counters, &key);
	if (counter)
		__sync_fetch_and_add(counter, 1);
	return XDP_PASS;
}

SEC("tc")
int tc_count(struct __sk_buff *skb)
{
	__u32 key = 1;
	__u64 *counter = bpf_map_lookup_elem(&counters, &key);
	if (counter)
		__sync_fetch_and_add(counter, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
