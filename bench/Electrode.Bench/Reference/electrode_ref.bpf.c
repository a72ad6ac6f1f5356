// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
//
// The Electrode fast paths of src/Electrode.Programs written by hand in C: the yardstick for the code our C# compiler
// generates (bench/Electrode.Bench/Codegen). Same programs (names, sections), same maps (names, types, layouts), same
// checks in the same order and the same counters, so one packet and one map setup drive both objects and must give the
// same verdict and the same output frame. It is written as an eBPF engineer would write it: naturally aligned
// structs read at fixed packet offsets (not packed structs, which clang splits into byte loads on BPF), constant
// offsets, small always-inline helpers.
//
// Built at benchmark time with: clang-19 -O2 -g -target bpf -c electrode_ref.bpf.c -o electrode_ref.bpf.o

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define INLINE static __always_inline

// ---- Maps: layouts of src/Electrode.Programs/Layout ----

#define MAX_REPLICAS 16
#define QUORUM_SLOTS 1024u
#define QUORUM_INDEX_MASK (QUORUM_SLOTS - 1)
#define REASON_SLOTS 32
#define PATH_SLOTS 4
#define DATAGRAM_CAPACITY 2048u
#define DATAGRAM_LENGTH_MASK (DATAGRAM_CAPACITY - 1)

enum replica_status { STATUS_NORMAL = 0, STATUS_OUT_OF_RANGE = 3 };
enum fast_paths { PATH_BROADCAST = 1, PATH_QUORUM_PRUNE = 2, PATH_FAST_REPLY = 4 };
enum fast_path { FP_DISPATCH = 0, FP_FAST_REPLY = 1, FP_QUORUM_PRUNE = 2, FP_BROADCAST = 3 };
enum outcome { OUT_PASSED = 0, OUT_DROPPED = 1, OUT_TRANSMITTED = 2, OUT_FELL_BACK = 3 };
enum reason {
    R_NONE = 0, R_DISABLED = 1, R_NOT_NORMAL = 2, R_STALE_VIEW = 3, R_NEWER_VIEW = 4, R_VIEW_MISMATCH = 5,
    R_OUT_OF_RANGE = 6, R_GAP = 7, R_ALREADY_LOGGED = 8, R_RING_FULL = 9, R_TOO_LARGE = 10, R_FRAGMENT = 11,
    R_MALFORMED = 12, R_WRONG_ROLE = 13, R_UNKNOWN_SENDER = 14, R_SLOT_REUSED = 15, R_DUPLICATE = 16,
    R_QUORUM_COMPLETE = 17, R_VOTE_COUNTED = 18, R_NO_ROOM = 19, R_CLONE_FAILED = 20, R_NO_HANDLER = 21,
    R_UDP_CHECKSUM = 22, R_LOST_RACE = 23, R_SLOT_NOT_STARTED = 24,
};

// Status, view and last op in one word (ControlWord.cs): last op in bits 0-31, view in 32-61, status in 62-63.
struct control_state {
    __u64 word;
    __u64 commit_number;
    __u32 my_index;
    __u32 replica_count;
    __u32 quorum_size;
    __u32 enabled_paths;
    __u32 wakeup_backlog;
};
_Static_assert(sizeof(struct control_state) == 40, "ControlState layout");

#define WORD_LAST_OP_MASK 0xffffffffull
#define WORD_VIEW_MASK 0x3fffffffull
#define WORD_STATUS(w) ((__u32)((w) >> 62))
#define WORD_VIEW(w) (((w) >> 32) & WORD_VIEW_MASK)
#define WORD_LAST_OP(w) ((w) & WORD_LAST_OP_MASK)
#define WORD_WITH_LAST_OP(w, op) (((w) & ~WORD_LAST_OP_MASK) | ((op) & WORD_LAST_OP_MASK))

struct replica_entry {
    __u32 address_be;
    __u32 ifindex;
    __u16 port_be;
    __u8 mac[ETH_ALEN];
};
_Static_assert(sizeof(struct replica_entry) == 16, "ReplicaEntry layout");

struct quorum_slot {
    __u64 view;
    __u64 op;
    __u32 voters;
};
_Static_assert(sizeof(struct quorum_slot) == 24, "QuorumSlot layout");

struct path_counters {
    __u64 seen;
    __u64 passed;
    __u64 dropped;
    __u64 transmitted;
    __u64 fell_back;
    __u64 by_reason[REASON_SLOTS];
};

struct prepared_datagram {
    __u32 length;
    __u8 datagram[DATAGRAM_CAPACITY];
};

// Where a frame goes: the fields the broadcast path rewrites for each copy (FrameDestination).
struct frame_destination {
    __u32 address_be;
    __u16 port_be;
    __u16 ip_checksum_be;
    __u8 mac[ETH_ALEN];
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __uint(map_flags, BPF_F_MMAPABLE);
    __type(key, __u32);
    __type(value, struct control_state);
} Control SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, MAX_REPLICAS);
    __type(key, __u32);
    __type(value, struct replica_entry);
} Replicas SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, QUORUM_SLOTS);
    __type(key, __u32);
    __type(value, struct quorum_slot);
} QuorumSlots SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 1 << 24);
} Prepared SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 2);
    __type(key, __u32);
    __type(value, __u32);
} Handlers SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, PATH_SLOTS);
    __type(key, __u32);
    __type(value, struct path_counters);
} Counters SEC(".maps");

#define SLOT_FAST_REPLY 0
#define SLOT_QUORUM_PRUNE 1

// ---- Wire format (DESIGN.md §6; src/Electrode.Programs/Wire) ----

#define MAGIC 0x20050318u
#define FRAGMENT_MAGIC 0x20101010u
#define DATAGRAM_OFFSET 42u                        // Ethernet + IPv4 without options + UDP
#define TYPE_NAME_OFFSET (DATAGRAM_OFFSET + 12u)   // after u32 magic and u64 type-name length
#define FRAMING_OVERHEAD (4u + 8u + 12u + 8u)
#define MAX_IP_LENGTH 9216u
#define MY_PREPARE_OK_BODY_LENGTH 20u

#define PREPARE_NAME_LENGTH 33u
#define PREPARE_OK_NAME_LENGTH 35u
#define COMMIT_NAME_LENGTH 32u
#define MY_PREPARE_OK_NAME_LENGTH 24u

#define FAST_BROADCAST (1u << 31)
#define FAST_CERTIFIED (1u << 30)
#define FAST_VIEW_MASK (FAST_CERTIFIED - 1)

// "specpaxos.vr.proto.PrepareMessage" and friends, read as little-endian words.
#define W_SPECPAXO 0x6F78617063657073ull
#define W_SVRPRO 0x6F72702E72762E73ull
#define W_TOPREPA 0x61706572502E6F74ull
#define W_REMESSAG 0x67617373654D6572ull
#define W_REOKMESS 0x7373654D4B4F6572ull
#define W_AG 0x6761
#define W_E 0x65
#define W_TOCOMMI 0x696D6D6F432E6F74ull
#define W_TMESSAGE 0x6567617373654D74ull
#define W_SVRMYP 0x50794D2E72762E73ull
#define W_REPAREOK 0x4B4F657261706572ull

// A type name followed by the fast header and the u64 body length; read through naturally aligned views at the
// packet offsets where they lie (x86 and the verifier take unaligned packet loads).
struct name_words {
    __u64 w0, w1, w2, w3;
};

struct fast_header {
    __u32 view_and_flags;
    __u32 op;
    __u32 start_or_replica;
};

struct my_prepare_ok_body {
    __u64 view;
    __u64 op;
    __u32 replica_index;
};

// Head sizes: type name + fast header (12) + body length (8); the kernel-built PrepareOK adds its 20-byte body.
#define PREPARE_HEAD_SIZE (PREPARE_NAME_LENGTH + 20u)
#define PREPARE_OK_HEAD_SIZE (PREPARE_OK_NAME_LENGTH + 20u)
#define COMMIT_HEAD_SIZE (COMMIT_NAME_LENGTH + 20u)
#define MY_PREPARE_OK_MESSAGE_SIZE (MY_PREPARE_OK_NAME_LENGTH + 20u + MY_PREPARE_OK_BODY_LENGTH)
#define MY_PREPARE_OK_FRAME_SIZE (TYPE_NAME_OFFSET + MY_PREPARE_OK_MESSAGE_SIZE)

#define FAST(head, name_length) ((struct fast_header *)((__u8 *)(head) + (name_length)))

// Keeps clang from folding "head ? head + n : NULL" into "(head or 0) + n" with the null test redone on the packet
// bounds, a form the verifier cannot follow (it then sees a scalar dereferenced).
#define barrier_var(var) asm volatile("" : "+r"(var))
#define BODY_LENGTH(head, name_length) (*(__u64 *)((__u8 *)(head) + (name_length) + 12))

enum message_kind {
    K_NOT_OURS = 0, K_FRAGMENT = 1, K_MALFORMED = 2, K_UDP_CHECKSUMMED = 3, K_OTHER = 4,
    K_PREPARE = 5, K_PREPARE_OK = 6, K_MY_PREPARE_OK = 7,
};

// ---- Counting (PathCounting) ----

INLINE void count_seen(__u32 path)
{
    struct path_counters *c = bpf_map_lookup_elem(&Counters, &path);
    if (c)
        c->seen++;
}

INLINE void count_outcome(__u32 path, __u32 outcome, __u32 reason)
{
    struct path_counters *c = bpf_map_lookup_elem(&Counters, &path);
    if (!c)
        return;
    switch (outcome) {
    case OUT_PASSED: c->passed++; break;
    case OUT_DROPPED: c->dropped++; break;
    case OUT_TRANSMITTED: c->transmitted++; break;
    default: c->fell_back++; break;
    }
    if (reason != 0 && reason < REASON_SLOTS)
        c->by_reason[reason]++;
}

INLINE int fall_back(__u32 path, __u32 reason)
{
    count_outcome(path, OUT_FELL_BACK, reason);
    return XDP_PASS;
}

INLINE int drop(__u32 path, __u32 reason)
{
    count_outcome(path, OUT_DROPPED, reason);
    return XDP_DROP;
}

INLINE int pass(__u32 path)
{
    count_outcome(path, OUT_PASSED, R_NONE);
    return XDP_PASS;
}

// ---- Configuration ----

INLINE struct control_state *control_state(void)
{
    __u32 zero = 0;
    struct control_state *s = bpf_map_lookup_elem(&Control, &zero);
    if (!s || s->replica_count == 0 || s->replica_count > MAX_REPLICAS || s->my_index >= s->replica_count
        || s->quorum_size == 0 || s->quorum_size > s->replica_count)
        return NULL;
    return s;
}

INLINE struct replica_entry *replica(struct control_state *s, __u32 index)
{
    if (index >= MAX_REPLICAS || index >= s->replica_count)
        return NULL;
    return bpf_map_lookup_elem(&Replicas, &index);
}

INLINE __u32 leader_of(struct control_state *s, __u64 view)
{
    return (__u32)(view % s->replica_count);
}

// ---- Frames ----

// Ethernet, IPv4 and UDP headers lie at fixed offsets of the frame; each is read through its own naturally aligned
// struct (the kernel's ethhdr is packed, which would turn every field into byte loads).
struct eth_header {
    __u8 h_dest[ETH_ALEN];
    __u8 h_source[ETH_ALEN];
    __be16 h_proto;
};

#define ETH(f) ((struct eth_header *)(f))
#define IP(f) ((struct iphdr *)((__u8 *)(f) + ETH_HLEN))
#define UDP(f) ((struct udphdr *)((__u8 *)(f) + ETH_HLEN + sizeof(struct iphdr)))

INLINE void *header(void *data, void *end, __u32 offset, __u32 size)
{
    void *p = data + offset;
    if (p + size > end)
        return NULL;
    return p;
}

INLINE int is_ipv4_udp(__u8 *f)
{
    return ETH(f)->h_proto == bpf_htons(ETH_P_IP) && *(__u8 *)IP(f) == 0x45 && IP(f)->protocol == IPPROTO_UDP;
}

INLINE int is_ip_fragment(__u8 *f)
{
    return (IP(f)->frag_off & bpf_htons(0x3fff)) != 0;
}

INLINE __u32 datagram_length(__u8 *f)
{
    __u32 ip_length = bpf_ntohs(IP(f)->tot_len);
    __u32 udp_length = bpf_ntohs(UDP(f)->len);
    if (ip_length > MAX_IP_LENGTH || ip_length < sizeof(struct iphdr) + sizeof(struct udphdr) + 12)
        return 0;
    if (udp_length != ip_length - sizeof(struct iphdr))
        return 0;
    return udp_length - sizeof(struct udphdr);
}

INLINE int body_fills(__u64 body_length, __u32 name_length, __u32 datagram_length)
{
    return datagram_length >= FRAMING_OVERHEAD + name_length
        && body_length == datagram_length - FRAMING_OVERHEAD - name_length;
}

INLINE __u16 csum_fold(__s64 partial)
{
    __u32 sum = (__u32)partial;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return (__u16)~sum;
}

INLINE int has_valid_ipv4_checksum(struct iphdr *ip)
{
    return csum_fold(bpf_csum_diff(NULL, 0, (__be32 *)ip, sizeof(*ip), 0)) == 0;
}

INLINE int is_from(__u8 *f, struct replica_entry *r)
{
    return IP(f)->saddr == r->address_be && UDP(f)->source == r->port_be;
}

INLINE int is_prepare(struct name_words *n)
{
    return n->w0 == W_SPECPAXO && n->w1 == W_SVRPRO && n->w2 == W_TOPREPA && n->w3 == W_REMESSAG
        && *((__u8 *)n + 32) == W_E;
}

INLINE int is_prepare_ok(struct name_words *n)
{
    return n->w0 == W_SPECPAXO && n->w1 == W_SVRPRO && n->w2 == W_TOPREPA && n->w3 == W_REOKMESS
        && *(__u16 *)((__u8 *)n + 32) == W_AG && *((__u8 *)n + 34) == W_E;
}

INLINE int is_commit(struct name_words *n)
{
    return n->w0 == W_SPECPAXO && n->w1 == W_SVRPRO && n->w2 == W_TOCOMMI && n->w3 == W_TMESSAGE;
}

INLINE int is_my_prepare_ok(struct name_words *n)
{
    return n->w0 == W_SPECPAXO && n->w1 == W_SVRMYP && n->w2 == W_REPAREOK;
}

// ---- Ingress classification (Parsing/Ingress.cs) ----

INLINE int is_consistent_my_prepare_ok(__u8 *message, __u32 datagram_length)
{
    struct fast_header *fast = FAST(message, MY_PREPARE_OK_NAME_LENGTH);
    __u64 body_length = BODY_LENGTH(message, MY_PREPARE_OK_NAME_LENGTH);
    struct my_prepare_ok_body *body = (void *)(message + MY_PREPARE_OK_NAME_LENGTH + 20);
    return body_length == MY_PREPARE_OK_BODY_LENGTH
        && body_fills(body_length, MY_PREPARE_OK_NAME_LENGTH, datagram_length)
        && (body->view & FAST_VIEW_MASK) == (fast->view_and_flags & FAST_VIEW_MASK)
        && body->op == fast->op
        && body->replica_index == fast->start_or_replica;
}

INLINE int kind_of_datagram(void *data, void *end, __u64 name_length, __u32 datagram_length)
{
    if (name_length == PREPARE_NAME_LENGTH) {
        __u8 *head = header(data, end, TYPE_NAME_OFFSET, PREPARE_HEAD_SIZE);
        if (!head)
            return K_MALFORMED;
        if (!is_prepare((void *)head))
            return K_OTHER;
        return body_fills(BODY_LENGTH(head, PREPARE_NAME_LENGTH), PREPARE_NAME_LENGTH, datagram_length)
            ? K_PREPARE : K_MALFORMED;
    }
    if (name_length == PREPARE_OK_NAME_LENGTH) {
        __u8 *head = header(data, end, TYPE_NAME_OFFSET, PREPARE_OK_HEAD_SIZE);
        if (!head)
            return K_MALFORMED;
        if (!is_prepare_ok((void *)head))
            return K_OTHER;
        return body_fills(BODY_LENGTH(head, PREPARE_OK_NAME_LENGTH), PREPARE_OK_NAME_LENGTH, datagram_length)
            ? K_PREPARE_OK : K_MALFORMED;
    }
    if (name_length == MY_PREPARE_OK_NAME_LENGTH) {
        __u8 *message = header(data, end, TYPE_NAME_OFFSET, MY_PREPARE_OK_MESSAGE_SIZE);
        if (!message)
            return K_MALFORMED;
        if (!is_my_prepare_ok((void *)message))
            return K_OTHER;
        return is_consistent_my_prepare_ok(message, datagram_length) ? K_MY_PREPARE_OK : K_MALFORMED;
    }
    return K_OTHER;
}

INLINE int classify(struct xdp_md *ctx, struct replica_entry *me)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u8 *f = header(data, end, 0, DATAGRAM_OFFSET);
    if (!f || !is_ipv4_udp(f))
        return K_NOT_OURS;
    if (is_ip_fragment(f))
        return K_FRAGMENT;
    if (UDP(f)->dest != me->port_be)
        return K_NOT_OURS;
    __u8 *preamble = header(data, end, DATAGRAM_OFFSET, 12);
    if (!preamble)
        return K_NOT_OURS;
    __u32 magic = *(__u32 *)preamble;
    if (magic == FRAGMENT_MAGIC)
        return K_FRAGMENT;
    if (magic != MAGIC)
        return K_NOT_OURS;
    __u32 length = datagram_length(f);
    // The frame must end exactly where the IPv4 length says: neither truncated nor padded.
    if (length == 0 || data + DATAGRAM_OFFSET + length != end || !has_valid_ipv4_checksum(IP(f)))
        return K_MALFORMED;
    int kind = kind_of_datagram(data, end, *(__u64 *)(preamble + 4), length);
    // Only a kind a fast path rewrites or answers must come without a UDP checksum.
    int handled = kind == K_PREPARE || kind == K_PREPARE_OK || kind == K_MY_PREPARE_OK;
    if (handled && UDP(f)->check != 0)
        return K_UDP_CHECKSUMMED;
    return kind;
}

INLINE struct fast_header *vote_header(struct xdp_md *ctx, int kind)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (kind == K_PREPARE_OK) {
        __u8 *head = header(data, end, TYPE_NAME_OFFSET, PREPARE_OK_HEAD_SIZE);
        if (!head)
            return NULL;
        barrier_var(head);
        return FAST(head, PREPARE_OK_NAME_LENGTH);
    }
    if (kind == K_MY_PREPARE_OK) {
        __u8 *message = header(data, end, TYPE_NAME_OFFSET, MY_PREPARE_OK_MESSAGE_SIZE);
        if (!message)
            return NULL;
        barrier_var(message);
        return FAST(message, MY_PREPARE_OK_NAME_LENGTH);
    }
    return NULL;
}

INLINE int pass_unhandled(__u32 path, int kind)
{
    if (kind == K_FRAGMENT)
        return fall_back(path, R_FRAGMENT);
    if (kind == K_MALFORMED)
        return fall_back(path, R_MALFORMED);
    if (kind == K_UDP_CHECKSUMMED)
        return fall_back(path, R_UDP_CHECKSUM);
    return XDP_PASS;
}

// ---- IngressDispatcher.Dispatch ----

SEC("xdp")
int Dispatch(struct xdp_md *ctx)
{
    count_seen(FP_DISPATCH);
    struct control_state *s = control_state();
    if (!s)
        return fall_back(FP_DISPATCH, R_DISABLED);
    struct replica_entry *me = replica(s, s->my_index);
    if (!me)
        return fall_back(FP_DISPATCH, R_DISABLED);

    int kind = classify(ctx, me);
    if (kind == K_PREPARE) {
        bpf_tail_call(ctx, &Handlers, SLOT_FAST_REPLY);
        return fall_back(FP_DISPATCH, R_NO_HANDLER);
    }
    if (kind == K_PREPARE_OK || kind == K_MY_PREPARE_OK) {
        bpf_tail_call(ctx, &Handlers, SLOT_QUORUM_PRUNE);
        return fall_back(FP_DISPATCH, R_NO_HANDLER);
    }
    if (kind == K_NOT_OURS || kind == K_OTHER)
        return pass(FP_DISPATCH);
    return pass_unhandled(FP_DISPATCH, kind);
}

// ---- FastReply.ReplyToPrepare ----

INLINE void write_prepare_ok(__u8 *reply, __u64 view, __u64 op, __u32 my_index)
{
    __u8 *f = reply;
    __u8 mac[ETH_ALEN];
    __builtin_memcpy(mac, ETH(f)->h_dest, ETH_ALEN);
    __builtin_memcpy(ETH(f)->h_dest, ETH(f)->h_source, ETH_ALEN);
    __builtin_memcpy(ETH(f)->h_source, mac, ETH_ALEN);

    __be32 address = IP(f)->saddr;
    IP(f)->saddr = IP(f)->daddr;
    IP(f)->daddr = address;
    IP(f)->tot_len = bpf_htons(MY_PREPARE_OK_FRAME_SIZE - ETH_HLEN);
    IP(f)->ttl = 64;
    IP(f)->check = 0;
    IP(f)->check = csum_fold(bpf_csum_diff(NULL, 0, (__be32 *)IP(f), sizeof(struct iphdr), 0));

    __be16 port = UDP(f)->source;
    UDP(f)->source = UDP(f)->dest;
    UDP(f)->dest = port;
    UDP(f)->len = bpf_htons(MY_PREPARE_OK_FRAME_SIZE - ETH_HLEN - sizeof(struct iphdr));
    UDP(f)->check = 0;

    *(__u32 *)(reply + DATAGRAM_OFFSET) = MAGIC;
    *(__u64 *)(reply + DATAGRAM_OFFSET + 4) = MY_PREPARE_OK_NAME_LENGTH;
    struct name_words *name = (void *)(reply + TYPE_NAME_OFFSET);
    name->w0 = W_SPECPAXO;
    name->w1 = W_SVRMYP;
    name->w2 = W_REPAREOK;
    __u8 *message = reply + TYPE_NAME_OFFSET;
    struct fast_header *fast = FAST(message, MY_PREPARE_OK_NAME_LENGTH);
    fast->view_and_flags = (__u32)view & FAST_VIEW_MASK;
    fast->op = (__u32)op;
    fast->start_or_replica = my_index;
    BODY_LENGTH(message, MY_PREPARE_OK_NAME_LENGTH) = MY_PREPARE_OK_BODY_LENGTH;
    struct my_prepare_ok_body *body = (void *)(message + MY_PREPARE_OK_NAME_LENGTH + 20);
    body->view = view;
    body->op = op;
    body->replica_index = my_index;
}

// Wakes userspace only once wakeup_backlog bytes wait unread; 0: the kernel's adaptive wake-ups (FastReply.HandOverWakeup).
INLINE __u64 handover_wakeup(struct control_state *s)
{
    __u32 backlog = s->wakeup_backlog;
    if (backlog == 0)
        return 0;
    return bpf_ringbuf_query(&Prepared, BPF_RB_AVAIL_DATA) >= backlog ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

INLINE int hand_over_and_reply(struct xdp_md *ctx, struct control_state *s, __u64 seen, __u32 length, __u64 last_op)
{
    struct prepared_datagram *record = bpf_ringbuf_reserve(&Prepared, sizeof(*record), 0);
    if (!record)
        return fall_back(FP_FAST_REPLY, R_RING_FULL);
    __u32 copy_length = ((length - 1) & DATAGRAM_LENGTH_MASK) + 1;
    if (bpf_xdp_load_bytes(ctx, DATAGRAM_OFFSET, record->datagram, copy_length) != 0) {
        bpf_ringbuf_discard(record, 0);
        return fall_back(FP_FAST_REPLY, R_MALFORMED);
    }
    record->length = copy_length;

    int resize = (int)MY_PREPARE_OK_FRAME_SIZE - (int)(DATAGRAM_OFFSET + copy_length);
    if (bpf_xdp_adjust_tail(ctx, resize) != 0) {
        bpf_ringbuf_discard(record, 0);
        return fall_back(FP_FAST_REPLY, R_NO_ROOM);
    }
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u8 *reply = header(data, end, 0, MY_PREPARE_OK_FRAME_SIZE);
    if (!reply) {
        bpf_ringbuf_discard(record, 0);
        return drop(FP_FAST_REPLY, R_NO_ROOM);
    }

    __u64 advanced = WORD_WITH_LAST_OP(seen, last_op);
    if (__sync_val_compare_and_swap(&s->word, seen, advanced) != seen) {
        bpf_ringbuf_discard(record, 0);
        return drop(FP_FAST_REPLY, R_LOST_RACE);
    }
    bpf_ringbuf_submit(record, handover_wakeup(s));
    write_prepare_ok(reply, WORD_VIEW(seen), last_op, s->my_index);
    count_outcome(FP_FAST_REPLY, OUT_TRANSMITTED, R_NONE);
    return XDP_TX;
}

SEC("xdp")
int ReplyToPrepare(struct xdp_md *ctx)
{
    struct control_state *s = control_state();
    if (!s)
        return fall_back(FP_FAST_REPLY, R_DISABLED);
    struct replica_entry *me = replica(s, s->my_index);
    if (!me)
        return fall_back(FP_FAST_REPLY, R_DISABLED);
    int kind = classify(ctx, me);
    if (kind != K_PREPARE)
        return pass_unhandled(FP_FAST_REPLY, kind);

    count_seen(FP_FAST_REPLY);
    if (!(s->enabled_paths & PATH_FAST_REPLY))
        return fall_back(FP_FAST_REPLY, R_DISABLED);
    __u64 word = s->word;
    __u32 status = WORD_STATUS(word);
    if (status == STATUS_OUT_OF_RANGE)
        return fall_back(FP_FAST_REPLY, R_OUT_OF_RANGE);
    if (status != STATUS_NORMAL)
        return fall_back(FP_FAST_REPLY, R_NOT_NORMAL);
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u8 *f = header(data, end, 0, DATAGRAM_OFFSET);
    __u8 *head = header(data, end, TYPE_NAME_OFFSET, PREPARE_HEAD_SIZE);
    if (!f || !head)
        return fall_back(FP_FAST_REPLY, R_MALFORMED);
    __u64 my_view = WORD_VIEW(word);
    __u64 my_last_op = WORD_LAST_OP(word);
    if (my_last_op >= WORD_LAST_OP_MASK)
        return fall_back(FP_FAST_REPLY, R_OUT_OF_RANGE);

    struct fast_header *fast = FAST(head, PREPARE_NAME_LENGTH);
    __u64 view = fast->view_and_flags & FAST_VIEW_MASK;
    if (view < my_view)
        return drop(FP_FAST_REPLY, R_STALE_VIEW);
    if (view > my_view)
        return fall_back(FP_FAST_REPLY, R_NEWER_VIEW);
    __u32 leader = leader_of(s, my_view);
    if (leader == s->my_index)
        return fall_back(FP_FAST_REPLY, R_WRONG_ROLE);
    struct replica_entry *leader_entry = replica(s, leader);
    if (!leader_entry || !is_from(f, leader_entry))
        return fall_back(FP_FAST_REPLY, R_UNKNOWN_SENDER);

    __u64 batch_start = fast->start_or_replica;
    __u64 last_op = fast->op;
    if (batch_start > last_op)
        return fall_back(FP_FAST_REPLY, R_MALFORMED);
    if (batch_start <= my_last_op)
        return fall_back(FP_FAST_REPLY, R_ALREADY_LOGGED);
    if (batch_start != my_last_op + 1)
        return fall_back(FP_FAST_REPLY, R_GAP);
    __u32 length = datagram_length(f);
    if (length > DATAGRAM_CAPACITY)
        return fall_back(FP_FAST_REPLY, R_TOO_LARGE);

    return hand_over_and_reply(ctx, s, word, length, last_op);
}

// ---- QuorumPrune.PruneVotes ----

SEC("xdp")
int PruneVotes(struct xdp_md *ctx)
{
    struct control_state *s = control_state();
    if (!s)
        return fall_back(FP_QUORUM_PRUNE, R_DISABLED);
    struct replica_entry *me = replica(s, s->my_index);
    if (!me)
        return fall_back(FP_QUORUM_PRUNE, R_DISABLED);
    int kind = classify(ctx, me);
    if (kind != K_PREPARE_OK && kind != K_MY_PREPARE_OK)
        return pass_unhandled(FP_QUORUM_PRUNE, kind);

    count_seen(FP_QUORUM_PRUNE);
    if (!(s->enabled_paths & PATH_QUORUM_PRUNE))
        return fall_back(FP_QUORUM_PRUNE, R_DISABLED);
    __u64 word = s->word;
    __u32 status = WORD_STATUS(word);
    if (status == STATUS_OUT_OF_RANGE)
        return fall_back(FP_QUORUM_PRUNE, R_OUT_OF_RANGE);
    if (status != STATUS_NORMAL)
        return fall_back(FP_QUORUM_PRUNE, R_NOT_NORMAL);
    __u64 my_view = WORD_VIEW(word);
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u8 *f = header(data, end, 0, DATAGRAM_OFFSET);
    struct fast_header *fast = vote_header(ctx, kind);
    if (!f || !fast)
        return fall_back(FP_QUORUM_PRUNE, R_MALFORMED);
    // Only this program sets the bit: a vote arriving with it is dropped (see QuorumPrune.cs).
    if (fast->view_and_flags & FAST_CERTIFIED)
        return drop(FP_QUORUM_PRUNE, R_MALFORMED);
    if (leader_of(s, my_view) != s->my_index)
        return fall_back(FP_QUORUM_PRUNE, R_WRONG_ROLE);
    __u64 view = fast->view_and_flags & FAST_VIEW_MASK;
    if (view != my_view)
        return fall_back(FP_QUORUM_PRUNE, R_VIEW_MISMATCH);

    __u32 index = fast->start_or_replica;
    struct replica_entry *sender = replica(s, index);
    if (index == s->my_index || !sender || !is_from(f, sender))
        return fall_back(FP_QUORUM_PRUNE, R_UNKNOWN_SENDER);
    __u32 slot_index = fast->op & QUORUM_INDEX_MASK;
    struct quorum_slot *slot = bpf_map_lookup_elem(&QuorumSlots, &slot_index);
    if (!slot || slot->view != view || slot->op != fast->op) {
        int moved_on = slot && slot->view == view && slot->op > fast->op;
        return fall_back(FP_QUORUM_PRUNE, moved_on ? R_SLOT_REUSED : R_SLOT_NOT_STARTED);
    }

    __u32 vote = 1u << index;
    __u32 before = slot->voters;
    if (before & vote)
        return drop(FP_QUORUM_PRUNE, R_DUPLICATE);
    if ((__u32)__builtin_popcount(before) >= s->quorum_size)
        return drop(FP_QUORUM_PRUNE, R_QUORUM_COMPLETE);
    __u32 after = before | vote;
    slot->voters = after;
    if ((__u32)__builtin_popcount(after) < s->quorum_size)
        return drop(FP_QUORUM_PRUNE, R_VOTE_COUNTED);

    fast->view_and_flags |= FAST_CERTIFIED;
    return pass(FP_QUORUM_PRUNE);
}

// ---- BroadcastEgress.Broadcast ----

#define IP_CHECKSUM_OFFSET (ETH_HLEN + 10)
#define IP_DESTINATION_OFFSET (ETH_HLEN + 16)
#define UDP_DESTINATION_PORT_OFFSET (ETH_HLEN + sizeof(struct iphdr) + 2)

INLINE void count_broadcast(__u32 outcome, __u32 reason)
{
    count_outcome(FP_BROADCAST, outcome, reason);
}

INLINE int write_destination(struct __sk_buff *skb, struct frame_destination *d)
{
    int error = bpf_skb_store_bytes(skb, 0, d->mac, ETH_ALEN, 0);
    if (error == 0)
        error = bpf_skb_store_bytes(skb, IP_CHECKSUM_OFFSET, &d->ip_checksum_be, 2, 0);
    if (error == 0)
        error = bpf_skb_store_bytes(skb, IP_DESTINATION_OFFSET, &d->address_be, 4, 0);
    if (error == 0)
        error = bpf_skb_store_bytes(skb, UDP_DESTINATION_PORT_OFFSET, &d->port_be, 2, 0);
    return error;
}

// RFC 1624 incremental update of the original header's checksum for a new destination address.
INLINE __u16 checksum_for_address(struct frame_destination *original, __u32 address_be)
{
    __u32 from = original->address_be;
    __u32 to = address_be;
    __u32 seed = (__u16)~original->ip_checksum_be;
    return csum_fold(bpf_csum_diff(&from, 4, &to, 4, seed));
}

INLINE void send_copies(struct __sk_buff *skb, struct control_state *s, struct frame_destination *original)
{
    __u32 count = s->replica_count;
    __u32 my_index = s->my_index;
    for (__u32 i = 0; i < MAX_REPLICAS; i++) {
        if (i >= count)
            break;
        __u32 key = i;
        struct replica_entry *peer = bpf_map_lookup_elem(&Replicas, &key);
        if (i == my_index || !peer
            || (peer->address_be == original->address_be && peer->port_be == original->port_be))
            continue;
        struct frame_destination copy;
        copy.address_be = peer->address_be;
        copy.port_be = peer->port_be;
        __builtin_memcpy(copy.mac, peer->mac, ETH_ALEN);
        copy.ip_checksum_be = checksum_for_address(original, peer->address_be);
        __u32 ifindex = peer->ifindex != 0 ? peer->ifindex : skb->ifindex;
        if (write_destination(skb, &copy) != 0 || bpf_clone_redirect(skb, ifindex, 0) != 0)
            count_broadcast(OUT_FELL_BACK, R_CLONE_FAILED);
        else
            count_broadcast(OUT_TRANSMITTED, R_NONE);
    }
}

// Starts counting votes for op in view (the leader's own so far); with keep_counted, a slot already counting that op
// in that view is left as it is.
INLINE void start_quorum_slot(__u64 view, __u64 op, __u32 leader_index, int keep_counted)
{
    __u32 key = (__u32)op & QUORUM_INDEX_MASK;
    struct quorum_slot *slot = bpf_map_lookup_elem(&QuorumSlots, &key);
    if (!slot || (keep_counted && slot->view == view && slot->op == op))
        return;
    slot->view = view;
    slot->op = op;
    slot->voters = 1u << leader_index;
}

SEC("tc")
int Broadcast(struct __sk_buff *skb)
{
    struct control_state *s = control_state();
    if (!s)
        return TC_ACT_OK;
    struct replica_entry *me = replica(s, s->my_index);
    void *data = (void *)(long)skb->data;
    void *end = (void *)(long)skb->data_end;
    __u8 *f = header(data, end, 0, DATAGRAM_OFFSET);
    if (!me || !f || !is_ipv4_udp(f) || is_ip_fragment(f) || UDP(f)->source != me->port_be)
        return TC_ACT_OK;
    __u8 *preamble = header(data, end, DATAGRAM_OFFSET, 12);
    __u32 length = datagram_length(f);
    if (!preamble || *(__u32 *)preamble != MAGIC || length == 0 || skb->len != DATAGRAM_OFFSET + length)
        return TC_ACT_OK;

    struct fast_header *fast = NULL;
    __u32 fast_offset = 0;
    __u64 name_length = *(__u64 *)(preamble + 4);
    int prepare = name_length == PREPARE_NAME_LENGTH;
    if (prepare) {
        __u8 *head = header(data, end, TYPE_NAME_OFFSET, PREPARE_HEAD_SIZE);
        if (head && is_prepare((void *)head)
            && body_fills(BODY_LENGTH(head, PREPARE_NAME_LENGTH), PREPARE_NAME_LENGTH, length)) {
            fast = FAST(head, PREPARE_NAME_LENGTH);
            fast_offset = TYPE_NAME_OFFSET + PREPARE_NAME_LENGTH;
        }
    } else if (name_length == COMMIT_NAME_LENGTH) {
        __u8 *head = header(data, end, TYPE_NAME_OFFSET, COMMIT_HEAD_SIZE);
        if (head && is_commit((void *)head)
            && body_fills(BODY_LENGTH(head, COMMIT_NAME_LENGTH), COMMIT_NAME_LENGTH, length)) {
            fast = FAST(head, COMMIT_NAME_LENGTH);
            fast_offset = TYPE_NAME_OFFSET + COMMIT_NAME_LENGTH;
        }
    }
    if (!fast)
        return TC_ACT_OK;
    if (!(fast->view_and_flags & FAST_BROADCAST)) {
        // Without broadcast the first copy of a Prepare starts its quorum slot; later copies keep the votes.
        if (prepare && (s->enabled_paths & PATH_QUORUM_PRUNE))
            start_quorum_slot(fast->view_and_flags & FAST_VIEW_MASK, fast->op, s->my_index, 1);
        return TC_ACT_OK;
    }

    count_seen(FP_BROADCAST);
    if (!(s->enabled_paths & PATH_BROADCAST)) {
        count_broadcast(OUT_FELL_BACK, R_DISABLED);
        return TC_ACT_OK;
    }
    if (UDP(f)->check != 0) {
        count_broadcast(OUT_FELL_BACK, R_UDP_CHECKSUM);
        return TC_ACT_OK;
    }
    if (!has_valid_ipv4_checksum(IP(f))) {
        count_broadcast(OUT_FELL_BACK, R_MALFORMED);
        return TC_ACT_OK;
    }
    __u32 view_and_flags = fast->view_and_flags & ~FAST_BROADCAST;
    __u64 op = fast->op;
    struct frame_destination original;
    original.address_be = IP(f)->daddr;
    original.port_be = UDP(f)->dest;
    original.ip_checksum_be = IP(f)->check;
    __builtin_memcpy(original.mac, ETH(f)->h_dest, ETH_ALEN);

    // Cleared before any copy exists, so that copies passing this program again are not broadcast a second time.
    if (bpf_skb_store_bytes(skb, fast_offset, &view_and_flags, 4, 0) != 0) {
        count_broadcast(OUT_FELL_BACK, R_MALFORMED);
        return TC_ACT_OK;
    }
    if (prepare)
        start_quorum_slot(view_and_flags & FAST_VIEW_MASK, op, s->my_index, 0);

    send_copies(skb, s, &original);
    if (write_destination(skb, &original) != 0) {
        count_broadcast(OUT_DROPPED, R_MALFORMED);
        return TC_ACT_SHOT;
    }
    count_broadcast(OUT_PASSED, R_NONE);
    return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
