using System.Runtime.InteropServices;
using BpfSharp.Loader.Interop;
using BpfSharp.Testing;

namespace BpfSharp.Runtime.Tests.Loader.Interop;

/// <summary>Checks the interop structs against the C compiler's view of /usr/include/bpf on this machine.</summary>
public class LibbpfStructLayoutTests
{
    private const string Probe = """
        #include <stdio.h>
        #include <stddef.h>
        #include <bpf/libbpf.h>
        #include <bpf/bpf.h>
        #include <linux/btf.h>
        #define SIZE(t) printf(#t " %zu\n", sizeof(struct t))
        #define AT(t, f) printf(#t "." #f " %zu\n", offsetof(struct t, f))
        int main(void) {
            SIZE(bpf_object_open_opts); AT(bpf_object_open_opts, object_name); AT(bpf_object_open_opts, relaxed_maps);
            AT(bpf_object_open_opts, pin_root_path); AT(bpf_object_open_opts, kconfig); AT(bpf_object_open_opts, btf_custom_path);
            AT(bpf_object_open_opts, kernel_log_buf); AT(bpf_object_open_opts, kernel_log_size); AT(bpf_object_open_opts, kernel_log_level);
            SIZE(bpf_test_run_opts); AT(bpf_test_run_opts, data_in); AT(bpf_test_run_opts, data_out); AT(bpf_test_run_opts, data_size_in);
            AT(bpf_test_run_opts, data_size_out); AT(bpf_test_run_opts, ctx_in); AT(bpf_test_run_opts, ctx_out);
            AT(bpf_test_run_opts, ctx_size_in); AT(bpf_test_run_opts, ctx_size_out); AT(bpf_test_run_opts, retval);
            AT(bpf_test_run_opts, repeat); AT(bpf_test_run_opts, duration); AT(bpf_test_run_opts, flags);
            AT(bpf_test_run_opts, cpu); AT(bpf_test_run_opts, batch_size);
            SIZE(bpf_xdp_attach_opts); AT(bpf_xdp_attach_opts, old_prog_fd);
            SIZE(bpf_tc_hook); AT(bpf_tc_hook, ifindex); AT(bpf_tc_hook, attach_point); AT(bpf_tc_hook, parent);
            SIZE(bpf_tc_opts); AT(bpf_tc_opts, prog_fd); AT(bpf_tc_opts, flags); AT(bpf_tc_opts, prog_id);
            AT(bpf_tc_opts, handle); AT(bpf_tc_opts, priority);
            SIZE(btf_type); SIZE(btf_var_secinfo);
            AT(bpf_map_info, type); AT(bpf_map_info, key_size); AT(bpf_map_info, value_size); AT(bpf_map_info, max_entries);
            AT(bpf_map_info, map_flags); AT(bpf_map_info, name);
            SIZE(bpf_prog_info); AT(bpf_prog_info, type); AT(bpf_prog_info, id); AT(bpf_prog_info, jited_prog_len);
            AT(bpf_prog_info, xlated_prog_len); AT(bpf_prog_info, name); AT(bpf_prog_info, verified_insns);
            SIZE(bpf_map_batch_opts); AT(bpf_map_batch_opts, elem_flags); AT(bpf_map_batch_opts, flags);
            return 0;
        }
        """;

    private static readonly Lazy<Dictionary<string, int>> CLayout = new(MeasureWithClang);

    public static TheoryData<string, Type, string?> Fields => new()
    {
        { "bpf_object_open_opts", typeof(BpfObjectOpenOpts), null },
        { "bpf_object_open_opts.object_name", typeof(BpfObjectOpenOpts), nameof(BpfObjectOpenOpts.ObjectName) },
        { "bpf_object_open_opts.relaxed_maps", typeof(BpfObjectOpenOpts), nameof(BpfObjectOpenOpts.RelaxedMaps) },
        { "bpf_object_open_opts.pin_root_path", typeof(BpfObjectOpenOpts), nameof(BpfObjectOpenOpts.PinRootPath) },
        { "bpf_object_open_opts.kconfig", typeof(BpfObjectOpenOpts), nameof(BpfObjectOpenOpts.Kconfig) },
        { "bpf_object_open_opts.btf_custom_path", typeof(BpfObjectOpenOpts), nameof(BpfObjectOpenOpts.BtfCustomPath) },
        { "bpf_object_open_opts.kernel_log_buf", typeof(BpfObjectOpenOpts), nameof(BpfObjectOpenOpts.KernelLogBuffer) },
        { "bpf_object_open_opts.kernel_log_size", typeof(BpfObjectOpenOpts), nameof(BpfObjectOpenOpts.KernelLogSize) },
        { "bpf_object_open_opts.kernel_log_level", typeof(BpfObjectOpenOpts), nameof(BpfObjectOpenOpts.KernelLogLevel) },
        { "bpf_test_run_opts", typeof(BpfTestRunOpts), null },
        { "bpf_test_run_opts.data_in", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.DataIn) },
        { "bpf_test_run_opts.data_out", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.DataOut) },
        { "bpf_test_run_opts.data_size_in", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.DataSizeIn) },
        { "bpf_test_run_opts.data_size_out", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.DataSizeOut) },
        { "bpf_test_run_opts.ctx_in", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.ContextIn) },
        { "bpf_test_run_opts.ctx_out", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.ContextOut) },
        { "bpf_test_run_opts.ctx_size_in", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.ContextSizeIn) },
        { "bpf_test_run_opts.ctx_size_out", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.ContextSizeOut) },
        { "bpf_test_run_opts.retval", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.ReturnValue) },
        { "bpf_test_run_opts.repeat", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.Repeat) },
        { "bpf_test_run_opts.duration", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.DurationNs) },
        { "bpf_test_run_opts.flags", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.Flags) },
        { "bpf_test_run_opts.cpu", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.Cpu) },
        { "bpf_test_run_opts.batch_size", typeof(BpfTestRunOpts), nameof(BpfTestRunOpts.BatchSize) },
        { "bpf_xdp_attach_opts", typeof(BpfXdpAttachOpts), null },
        { "bpf_xdp_attach_opts.old_prog_fd", typeof(BpfXdpAttachOpts), nameof(BpfXdpAttachOpts.OldProgramFd) },
        { "bpf_tc_hook", typeof(BpfTcHook), null },
        { "bpf_tc_hook.ifindex", typeof(BpfTcHook), nameof(BpfTcHook.Ifindex) },
        { "bpf_tc_hook.attach_point", typeof(BpfTcHook), nameof(BpfTcHook.AttachPoint) },
        { "bpf_tc_hook.parent", typeof(BpfTcHook), nameof(BpfTcHook.Parent) },
        { "bpf_tc_opts", typeof(BpfTcOpts), null },
        { "bpf_tc_opts.prog_fd", typeof(BpfTcOpts), nameof(BpfTcOpts.ProgramFd) },
        { "bpf_tc_opts.flags", typeof(BpfTcOpts), nameof(BpfTcOpts.Flags) },
        { "bpf_tc_opts.prog_id", typeof(BpfTcOpts), nameof(BpfTcOpts.ProgramId) },
        { "bpf_tc_opts.handle", typeof(BpfTcOpts), nameof(BpfTcOpts.Handle) },
        { "bpf_tc_opts.priority", typeof(BpfTcOpts), nameof(BpfTcOpts.Priority) },
        { "btf_type", typeof(BtfType), null },
        { "btf_var_secinfo", typeof(BtfVarSecinfo), null },
        { "bpf_map_info.type", typeof(BpfMapInfoPrefix), nameof(BpfMapInfoPrefix.Type) },
        { "bpf_map_info.key_size", typeof(BpfMapInfoPrefix), nameof(BpfMapInfoPrefix.KeySize) },
        { "bpf_map_info.value_size", typeof(BpfMapInfoPrefix), nameof(BpfMapInfoPrefix.ValueSize) },
        { "bpf_map_info.max_entries", typeof(BpfMapInfoPrefix), nameof(BpfMapInfoPrefix.MaxEntries) },
        { "bpf_map_info.map_flags", typeof(BpfMapInfoPrefix), nameof(BpfMapInfoPrefix.MapFlags) },
        { "bpf_map_info.name", typeof(BpfMapInfoPrefix), nameof(BpfMapInfoPrefix.Name) },
        { "bpf_prog_info", typeof(BpfProgramInfoNative), null },
        { "bpf_prog_info.type", typeof(BpfProgramInfoNative), nameof(BpfProgramInfoNative.Type) },
        { "bpf_prog_info.id", typeof(BpfProgramInfoNative), nameof(BpfProgramInfoNative.Id) },
        { "bpf_prog_info.jited_prog_len", typeof(BpfProgramInfoNative), nameof(BpfProgramInfoNative.JitedLength) },
        { "bpf_prog_info.xlated_prog_len", typeof(BpfProgramInfoNative), nameof(BpfProgramInfoNative.TranslatedLength) },
        { "bpf_prog_info.name", typeof(BpfProgramInfoNative), nameof(BpfProgramInfoNative.Name) },
        { "bpf_prog_info.verified_insns", typeof(BpfProgramInfoNative), nameof(BpfProgramInfoNative.VerifiedInstructions) },
        { "bpf_map_batch_opts", typeof(BpfMapBatchOpts), null },
        { "bpf_map_batch_opts.elem_flags", typeof(BpfMapBatchOpts), nameof(BpfMapBatchOpts.ElementFlags) },
        { "bpf_map_batch_opts.flags", typeof(BpfMapBatchOpts), nameof(BpfMapBatchOpts.Flags) },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Interop_struct_size_or_field_offset_matches_the_C_header(string cName, Type managed, string? field)
    {
        int actual = field is null ? Marshal.SizeOf(managed) : (int)Marshal.OffsetOf(managed, field);

        Assert.Equal(CLayout.Value[cName], actual);
    }

    private static Dictionary<string, int> MeasureWithClang()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bpfsharp-layout-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            string source = Path.Combine(directory, "layout.c");
            string binary = Path.Combine(directory, "layout");
            File.WriteAllText(source, Probe);
            ExternalCommand.Run("clang-19", "-o", binary, source);
            return ExternalCommand.Run(binary)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' '))
                .ToDictionary(parts => parts[0], parts => int.Parse(parts[1]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
