using System.Globalization;
using System.Text.RegularExpressions;

namespace BpfSharp.Loader;

/// <summary>
/// The kernel's BPF helpers by id (<c>enum bpf_func_id</c>): each one's name and the Linux release that added it. The
/// loader uses them to say, when a kernel refuses a program for a helper it does not know, which helper that is and
/// which kernel the program needs.
/// </summary>
public static partial class KernelHelpers
{
    /// <summary>Helper 1 upwards, in id order: name and the release that introduced it.</summary>
    private static readonly (string Name, string Release)[] Known =
    [
        ("bpf_map_lookup_elem", "3.19"),
        ("bpf_map_update_elem", "3.19"),
        ("bpf_map_delete_elem", "3.19"),
        ("bpf_probe_read", "4.1"),
        ("bpf_ktime_get_ns", "4.1"),
        ("bpf_trace_printk", "4.1"),
        ("bpf_get_prandom_u32", "4.1"),
        ("bpf_get_smp_processor_id", "4.1"),
        ("bpf_skb_store_bytes", "4.1"),
        ("bpf_l3_csum_replace", "4.1"),
        ("bpf_l4_csum_replace", "4.1"),
        ("bpf_tail_call", "4.2"),
        ("bpf_clone_redirect", "4.2"),
        ("bpf_get_current_pid_tgid", "4.2"),
        ("bpf_get_current_uid_gid", "4.2"),
        ("bpf_get_current_comm", "4.2"),
        ("bpf_get_cgroup_classid", "4.3"),
        ("bpf_skb_vlan_push", "4.3"),
        ("bpf_skb_vlan_pop", "4.3"),
        ("bpf_skb_get_tunnel_key", "4.3"),
        ("bpf_skb_set_tunnel_key", "4.3"),
        ("bpf_perf_event_read", "4.3"),
        ("bpf_redirect", "4.4"),
        ("bpf_get_route_realm", "4.4"),
        ("bpf_perf_event_output", "4.4"),
        ("bpf_skb_load_bytes", "4.5"),
        ("bpf_get_stackid", "4.6"),
        ("bpf_csum_diff", "4.6"),
        ("bpf_skb_get_tunnel_opt", "4.6"),
        ("bpf_skb_set_tunnel_opt", "4.6"),
        ("bpf_skb_change_proto", "4.8"),
        ("bpf_skb_change_type", "4.8"),
        ("bpf_skb_under_cgroup", "4.8"),
        ("bpf_get_hash_recalc", "4.8"),
        ("bpf_get_current_task", "4.8"),
        ("bpf_probe_write_user", "4.8"),
        ("bpf_current_task_under_cgroup", "4.9"),
        ("bpf_skb_change_tail", "4.9"),
        ("bpf_skb_pull_data", "4.9"),
        ("bpf_csum_update", "4.9"),
        ("bpf_set_hash_invalid", "4.9"),
        ("bpf_get_numa_node_id", "4.10"),
        ("bpf_skb_change_head", "4.10"),
        ("bpf_xdp_adjust_head", "4.10"),
        ("bpf_probe_read_str", "4.11"),
        ("bpf_get_socket_cookie", "4.12"),
        ("bpf_get_socket_uid", "4.12"),
        ("bpf_set_hash", "4.13"),
        ("bpf_setsockopt", "4.13"),
        ("bpf_skb_adjust_room", "4.13"),
        ("bpf_redirect_map", "4.14"),
        ("bpf_sk_redirect_map", "4.14"),
        ("bpf_sock_map_update", "4.14"),
        ("bpf_xdp_adjust_meta", "4.15"),
        ("bpf_perf_event_read_value", "4.15"),
        ("bpf_perf_prog_read_value", "4.15"),
        ("bpf_getsockopt", "4.15"),
        ("bpf_override_return", "4.16"),
        ("bpf_sock_ops_cb_flags_set", "4.16"),
        ("bpf_msg_redirect_map", "4.17"),
        ("bpf_msg_apply_bytes", "4.17"),
        ("bpf_msg_cork_bytes", "4.17"),
        ("bpf_msg_pull_data", "4.17"),
        ("bpf_bind", "4.17"),
        ("bpf_xdp_adjust_tail", "4.18"),
        ("bpf_skb_get_xfrm_state", "4.18"),
        ("bpf_get_stack", "4.18"),
        ("bpf_skb_load_bytes_relative", "4.18"),
        ("bpf_fib_lookup", "4.18"),
        ("bpf_sock_hash_update", "4.18"),
        ("bpf_msg_redirect_hash", "4.18"),
        ("bpf_sk_redirect_hash", "4.18"),
        ("bpf_lwt_push_encap", "4.18"),
        ("bpf_lwt_seg6_store_bytes", "4.18"),
        ("bpf_lwt_seg6_adjust_srh", "4.18"),
        ("bpf_lwt_seg6_action", "4.18"),
        ("bpf_rc_repeat", "4.18"),
        ("bpf_rc_keydown", "4.18"),
        ("bpf_skb_cgroup_id", "4.18"),
        ("bpf_get_current_cgroup_id", "4.18"),
        ("bpf_get_local_storage", "4.19"),
        ("bpf_sk_select_reuseport", "4.19"),
        ("bpf_skb_ancestor_cgroup_id", "4.19"),
        ("bpf_sk_lookup_tcp", "4.20"),
        ("bpf_sk_lookup_udp", "4.20"),
        ("bpf_sk_release", "4.20"),
        ("bpf_map_push_elem", "4.20"),
        ("bpf_map_pop_elem", "4.20"),
        ("bpf_map_peek_elem", "4.20"),
        ("bpf_msg_push_data", "4.20"),
        ("bpf_msg_pop_data", "5.0"),
        ("bpf_rc_pointer_rel", "5.0"),
        ("bpf_spin_lock", "5.1"),
        ("bpf_spin_unlock", "5.1"),
        ("bpf_sk_fullsock", "5.1"),
        ("bpf_tcp_sock", "5.1"),
        ("bpf_skb_ecn_set_ce", "5.1"),
        ("bpf_get_listener_sock", "5.1"),
        ("bpf_skc_lookup_tcp", "5.2"),
        ("bpf_tcp_check_syncookie", "5.2"),
        ("bpf_sysctl_get_name", "5.2"),
        ("bpf_sysctl_get_current_value", "5.2"),
        ("bpf_sysctl_get_new_value", "5.2"),
        ("bpf_sysctl_set_new_value", "5.2"),
        ("bpf_strtol", "5.2"),
        ("bpf_strtoul", "5.2"),
        ("bpf_sk_storage_get", "5.2"),
        ("bpf_sk_storage_delete", "5.2"),
        ("bpf_send_signal", "5.3"),
        ("bpf_tcp_gen_syncookie", "5.3"),
        ("bpf_skb_output", "5.5"),
        ("bpf_probe_read_user", "5.5"),
        ("bpf_probe_read_kernel", "5.5"),
        ("bpf_probe_read_user_str", "5.5"),
        ("bpf_probe_read_kernel_str", "5.5"),
        ("bpf_tcp_send_ack", "5.5"),
        ("bpf_send_signal_thread", "5.5"),
        ("bpf_jiffies64", "5.5"),
        ("bpf_read_branch_records", "5.6"),
        ("bpf_get_ns_current_pid_tgid", "5.6"),
        ("bpf_xdp_output", "5.6"),
        ("bpf_get_netns_cookie", "5.7"),
        ("bpf_get_current_ancestor_cgroup_id", "5.7"),
        ("bpf_sk_assign", "5.7"),
        ("bpf_ktime_get_boot_ns", "5.7"),
        ("bpf_seq_printf", "5.7"),
        ("bpf_seq_write", "5.7"),
        ("bpf_sk_cgroup_id", "5.7"),
        ("bpf_sk_ancestor_cgroup_id", "5.7"),
        ("bpf_ringbuf_output", "5.8"),
        ("bpf_ringbuf_reserve", "5.8"),
        ("bpf_ringbuf_submit", "5.8"),
        ("bpf_ringbuf_discard", "5.8"),
        ("bpf_ringbuf_query", "5.8"),
        ("bpf_csum_level", "5.8"),
        ("bpf_skc_to_tcp6_sock", "5.9"),
        ("bpf_skc_to_tcp_sock", "5.9"),
        ("bpf_skc_to_tcp_timewait_sock", "5.9"),
        ("bpf_skc_to_tcp_request_sock", "5.9"),
        ("bpf_skc_to_udp6_sock", "5.9"),
        ("bpf_get_task_stack", "5.9"),
        ("bpf_load_hdr_opt", "5.10"),
        ("bpf_store_hdr_opt", "5.10"),
        ("bpf_reserve_hdr_opt", "5.10"),
        ("bpf_inode_storage_get", "5.10"),
        ("bpf_inode_storage_delete", "5.10"),
        ("bpf_d_path", "5.10"),
        ("bpf_copy_from_user", "5.10"),
        ("bpf_snprintf_btf", "5.10"),
        ("bpf_seq_printf_btf", "5.10"),
        ("bpf_skb_cgroup_classid", "5.10"),
        ("bpf_redirect_neigh", "5.10"),
        ("bpf_per_cpu_ptr", "5.10"),
        ("bpf_this_cpu_ptr", "5.10"),
        ("bpf_redirect_peer", "5.10"),
        ("bpf_task_storage_get", "5.11"),
        ("bpf_task_storage_delete", "5.11"),
        ("bpf_get_current_task_btf", "5.11"),
        ("bpf_bprm_opts_set", "5.11"),
        ("bpf_ktime_get_coarse_ns", "5.11"),
        ("bpf_ima_inode_hash", "5.11"),
        ("bpf_sock_from_file", "5.11"),
        ("bpf_check_mtu", "5.12"),
        ("bpf_for_each_map_elem", "5.13"),
        ("bpf_snprintf", "5.13"),
        ("bpf_sys_bpf", "5.14"),
        ("bpf_btf_find_by_name_kind", "5.14"),
        ("bpf_sys_close", "5.14"),
        ("bpf_timer_init", "5.15"),
        ("bpf_timer_set_callback", "5.15"),
        ("bpf_timer_start", "5.15"),
        ("bpf_timer_cancel", "5.15"),
        ("bpf_get_func_ip", "5.15"),
        ("bpf_get_attach_cookie", "5.15"),
        ("bpf_task_pt_regs", "5.15"),
        ("bpf_get_branch_snapshot", "5.16"),
        ("bpf_trace_vprintk", "5.16"),
        ("bpf_skc_to_unix_sock", "5.16"),
        ("bpf_kallsyms_lookup_name", "5.16"),
        ("bpf_find_vma", "5.17"),
        ("bpf_loop", "5.17"),
        ("bpf_strncmp", "5.17"),
        ("bpf_get_func_arg", "5.17"),
        ("bpf_get_func_ret", "5.17"),
        ("bpf_get_func_arg_cnt", "5.17"),
        ("bpf_get_retval", "5.18"),
        ("bpf_set_retval", "5.18"),
        ("bpf_xdp_get_buff_len", "5.18"),
        ("bpf_xdp_load_bytes", "5.18"),
        ("bpf_xdp_store_bytes", "5.18"),
        ("bpf_copy_from_user_task", "5.18"),
        ("bpf_skb_set_tstamp", "5.18"),
        ("bpf_ima_file_hash", "5.18"),
        ("bpf_kptr_xchg", "5.19"),
        ("bpf_map_lookup_percpu_elem", "5.19"),
        ("bpf_skc_to_mptcp_sock", "5.19"),
        ("bpf_dynptr_from_mem", "5.19"),
        ("bpf_ringbuf_reserve_dynptr", "5.19"),
        ("bpf_ringbuf_submit_dynptr", "5.19"),
        ("bpf_ringbuf_discard_dynptr", "5.19"),
        ("bpf_dynptr_read", "5.19"),
        ("bpf_dynptr_write", "5.19"),
        ("bpf_dynptr_data", "5.19"),
        ("bpf_tcp_raw_gen_syncookie_ipv4", "6.0"),
        ("bpf_tcp_raw_gen_syncookie_ipv6", "6.0"),
        ("bpf_tcp_raw_check_syncookie_ipv4", "6.0"),
        ("bpf_tcp_raw_check_syncookie_ipv6", "6.0"),
        ("bpf_ktime_get_tai_ns", "6.1"),
        ("bpf_user_ringbuf_drain", "6.1"),
        ("bpf_cgrp_storage_get", "6.2"),
        ("bpf_cgrp_storage_delete", "6.2"),
    ];

    /// <summary>The helper's name (as <c>bpf_xdp_load_bytes</c>), or null for an id this table does not know.</summary>
    public static string? NameOf(int helperId) => helperId >= 1 && helperId <= Known.Length ? Known[helperId - 1].Name : null;

    /// <summary>The Linux release that added the helper, or null for an id this table does not know.</summary>
    public static Version? IntroducedIn(int helperId) =>
        helperId >= 1 && helperId <= Known.Length ? Version.Parse(Known[helperId - 1].Release) : null;

    /// <summary>
    /// One line naming the helper a verifier log says the kernel refused, with the release that added it, when the
    /// log has such a refusal; else null. <paramref name="kernelRelease"/> is the running kernel's (<c>uname -r</c>).
    /// </summary>
    public static string? ExplainRefusal(string verifierLog, string kernelRelease)
    {
        var match = RefusedHelper().Match(verifierLog);
        if (!match.Success || !int.TryParse(match.Groups["id"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            return null;
        string name = NameOf(id) ?? $"helper #{id}";
        if (IntroducedIn(id) is not { } introduced)
            return $"This kernel ({kernelRelease}) does not know BPF helper #{id}, which is newer than any this loader knows: run on a newer kernel.";
        if (ReleaseOf(kernelRelease) is { } running && running < introduced)
            return $"This kernel ({kernelRelease}) lacks BPF helper {name} (#{id}), added in Linux {introduced.ToString(2)}: run on Linux {introduced.ToString(2)} or later.";
        return $"This kernel ({kernelRelease}) refuses BPF helper {name} (#{id}, added in Linux {introduced.ToString(2)}) for this program's type.";
    }

    /// <summary>The running kernel's release, as <c>uname -r</c> prints it.</summary>
    public static string RunningKernelRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Environment.OSVersion.Version.ToString();
        }
    }

    /// <summary>The major and minor numbers a release string starts with ("6.1.0-57-amd64" is 6.1); null when it starts otherwise.</summary>
    internal static Version? ReleaseOf(string kernelRelease)
    {
        var match = LeadingRelease().Match(kernelRelease);
        return match.Success ? new Version(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>
    /// The verifier's words for a helper it will not call: "invalid func unknown#189" (an id past the kernel's last
    /// helper), "unknown func bpf_x#n" (older kernels) and "program of this type cannot use helper bpf_x#n".
    /// </summary>
    [GeneratedRegex(@"(?:invalid func|unknown func|cannot use helper) [A-Za-z0-9_]+#(?<id>\d+)")]
    private static partial Regex RefusedHelper();

    [GeneratedRegex(@"^(\d+)\.(\d+)")]
    private static partial Regex LeadingRelease();
}
