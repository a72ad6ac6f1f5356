namespace BpfSharp.Loader;

/// <summary>A loaded <c>BPF_MAP_TYPE_PROG_ARRAY</c> (a <see cref="ProgramArray"/> in the program): the slots tail calls jump through.</summary>
public sealed class BpfProgramArray : BpfTypedMap
{
    /// <summary>Views <paramref name="handle"/> as a program array.</summary>
    /// <exception cref="ArgumentException">The map is not a program array.</exception>
    public BpfProgramArray(BpfMapHandle handle) : base(handle, BpfMapType.ProgramArray, sizeof(uint), sizeof(uint)) { }

    /// <summary>Points a slot at a program, so that tail calls to the slot run it.</summary>
    public void Set(uint slot, BpfProgram program) => Handle.SetProgram(slot, program);

    /// <summary>Empties a slot, so that tail calls to it fall through; false when it was empty.</summary>
    public bool Clear(uint slot) => Handle.ClearProgram(slot);
}
