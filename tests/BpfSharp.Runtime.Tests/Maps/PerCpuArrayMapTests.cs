using BpfSharp.InProcess;
using BpfSharp.Runtime.Tests.Support;

namespace BpfSharp.Runtime.Tests.Maps;

public unsafe class PerCpuArrayMapTests
{
    private static readonly PerCpuArrayMap<long> Packets = new(maxEntries: 2);

    [Fact]
    public void A_program_sees_the_copy_of_the_cpu_it_runs_on()
    {
        using var kernel = new InProcessKernel { CpuCount = 3 };
        foreach (uint cpu in new uint[] { 0, 2, 2 })
        {
            kernel.CurrentCpu = cpu;
            kernel.InProgram(() => (*Packets.Lookup(1))++);
        }
        Assert.Equal([1L, 0L, 2L], kernel.Map(Packets).Lookup(1)!);
    }

    [Fact]
    public void Update_from_a_program_writes_only_the_current_cpus_copy()
    {
        using var kernel = new InProcessKernel { CpuCount = 2, CurrentCpu = 1 };
        Assert.Equal(0, kernel.InProgram(() => Packets.Update(0, 9)));
        Assert.Equal([0L, 9L], kernel.Map(Packets).Lookup(0)!);
    }

    [Fact]
    public void Userspace_update_writes_one_value_per_cpu_and_programs_read_their_own()
    {
        using var kernel = new InProcessKernel { CpuCount = 2 };
        Assert.Equal(0, kernel.Map(Packets).Update(0, [10L, 20L]));
        kernel.CurrentCpu = 1;
        Assert.Equal(20L, kernel.InProgram(() => *Packets.Lookup(0)));
    }

    [Fact]
    public void Userspace_update_with_the_wrong_number_of_cpu_values_is_refused()
    {
        using var kernel = new InProcessKernel { CpuCount = 2 };
        Assert.Throws<ArgumentException>(() => kernel.Map(Packets).Update(0, [1L, 2L, 3L]));
    }

    [Fact]
    public void Userspace_iteration_returns_every_index_with_every_cpus_copy()
    {
        using var kernel = new InProcessKernel { CpuCount = 2, CurrentCpu = 1 };
        kernel.InProgram(() => Packets.Update(1, 7));
        long[][] all = kernel.Map(Packets).ToArray();
        Assert.Equal(2, all.Length);
        Assert.Equal([0L, 0L], all[0]);
        Assert.Equal([0L, 7L], all[1]);
    }

    [Fact]
    public void Lookup_out_of_range_returns_null_for_programs_and_userspace()
    {
        using var kernel = new InProcessKernel { CpuCount = 2 };
        Assert.True(kernel.InProgram(() => Packets.Lookup(2) == null));
        Assert.Null(kernel.Map(Packets).Lookup(2));
    }

    [Fact]
    public void A_run_on_a_cpu_the_kernel_does_not_have_is_refused()
    {
        using var kernel = new InProcessKernel { CpuCount = 2, CurrentCpu = 2 };
        Assert.Throws<InvalidOperationException>(() => kernel.InProgram(() => 0));
    }
}
