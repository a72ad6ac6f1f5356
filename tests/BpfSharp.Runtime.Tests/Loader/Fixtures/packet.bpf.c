// Loader fixture: packet-rewriting programs for XDP and TC, so TEST_RUN's data and context out can be checked.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_swap_first_two(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	__u8 *data_end = (void *)(long)ctx->data_end;
	if (data + 2 > data_end)
		return XDP_DROP;
	__u8 first = data[0];
	data[0] = data[1];
	data[1] = first;
	return XDP_TX;
}

SEC("tc")
int tc_mark_and_drop_short(struct __sk_buff *skb)
{
	__u8 *data = (void *)(long)skb->data;
	__u8 *data_end = (void *)(long)skb->data_end;
	skb->mark += 1;
	if (data + 15 > data_end)
		return TC_ACT_SHOT;
	data[14] = 0xee;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
