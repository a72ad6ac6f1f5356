using System.Text;

namespace BpfSharp.Compiler.Bindings;

/// <summary>Writes the C# of the bindings: the opened object with its configuration, the loaded skeleton with its maps and programs.</summary>
internal static class BindingsWriter
{
    private const string Loader = "global::BpfSharp.Loader.";

    public static string Write(BindingsModel model)
    {
        var code = new StringBuilder();
        string access = model.IsPublic ? "public" : "internal";
        string opened = model.Prefix + "Object";
        string loaded = model.Prefix + "Skeleton";
        string file = model.ObjectFileName;

        code.Append($$"""
                /// <summary>
                /// {{file}} opened but not loaded: set its <see cref="Configuration"/> (and pin paths through <see cref="Object"/>),
                /// then <see cref="Load"/> it.
                /// </summary>
                [global::System.CodeDom.Compiler.GeneratedCode("BpfSharp.Analyzers", "1.0")]
                {{access}} sealed partial class {{opened}} : global::System.IDisposable
                {
                    /// <summary>The object's file name, as the build writes it beside the assembly.</summary>
                    public const string FileName = "{{file}}";

                    private {{opened}}({{Loader}}BpfObject opened)
                    {
                        Object = opened;
                        Configuration = new VariableSet(opened);
                    }

                    /// <summary>Where the object is by default: beside the running application.</summary>
                    public static string DefaultPath => global::System.IO.Path.Combine(global::System.AppContext.BaseDirectory, FileName);

                    /// <summary>The opened object, for what the bindings do not cover.</summary>
                    public {{Loader}}BpfObject Object { get; }

                    /// <summary>The object's configuration variables (<c>static readonly</c> fields, in <c>.rodata</c>), settable until load.</summary>
                    public VariableSet Configuration { get; }

                    /// <summary>Opens the object at <paramref name="path"/> (default: <see cref="DefaultPath"/>).</summary>
                    /// <exception cref="{{Loader}}BpfException">The file is missing or is not a valid BPF object.</exception>
                    public static {{opened}} Open(string? path = null, {{Loader}}BpfObjectOpenOptions? options = null) =>
                        new {{opened}}({{Loader}}BpfObject.Open(path ?? DefaultPath, options));

                    /// <summary>Loads the object into the kernel; the skeleton returned owns its maps and programs.</summary>
                    /// <exception cref="{{Loader}}BpfLoadException">The verifier refused a program; the message has its log tail.</exception>
                    /// <exception cref="System.ArgumentException">The object does not hold a map or program these bindings name: it was built from other sources.</exception>
                    public {{loaded}} Load() => new {{loaded}}(Object.Load());

                    /// <summary>Closes the object if it was not loaded.</summary>
                    public void Dispose() => Object.Dispose();

                    /// <summary>The configuration variables of {{file}}, read and written in the opened object.</summary>
                    public sealed class VariableSet
                    {
                        private readonly {{Loader}}BpfObject _object;

                        internal VariableSet({{Loader}}BpfObject opened) => _object = opened;

            """);
        foreach (var variable in model.Variables)
            code.Append($$"""

                        /// <summary>{{variable.Field}} (variable <c>{{variable.ObjectName}}</c>).</summary>
                        public {{variable.Type}} {{variable.Property}}
                        {
                            get => _object.GetVariable<{{variable.Type}}>("{{variable.ObjectName}}");
                            set => _object.SetVariable<{{variable.Type}}>("{{variable.ObjectName}}", value);
                        }

            """);
        code.Append($$"""
                    }
                }

                /// <summary>{{file}} loaded: its <see cref="Maps"/>, typed as the program declares them, and its <see cref="Programs"/>.</summary>
                [global::System.CodeDom.Compiler.GeneratedCode("BpfSharp.Analyzers", "1.0")]
                {{access}} sealed partial class {{loaded}} : global::System.IDisposable
                {
                    /// <summary>Binds an object already loaded (for example with pin paths or options the bindings do not set).</summary>
                    /// <exception cref="System.ArgumentException">The object does not hold a map or program these bindings name.</exception>
                    public {{loaded}}({{Loader}}LoadedBpfObject loaded)
                    {
                        Object = loaded;
                        Maps = new MapSet(loaded);
                        Programs = new ProgramSet(loaded);
                    }

                    /// <summary>Opens the object at <paramref name="path"/> (default: beside the application) and loads it with its default configuration.</summary>
                    public static {{loaded}} Load(string? path = null, {{Loader}}BpfObjectOpenOptions? options = null)
                    {
                        using var opened = {{opened}}.Open(path, options);
                        return opened.Load();
                    }

                    /// <summary>The loaded object, for what the bindings do not cover.</summary>
                    public {{Loader}}LoadedBpfObject Object { get; }

                    /// <summary>The object's maps.</summary>
                    public MapSet Maps { get; }

                    /// <summary>The object's programs.</summary>
                    public ProgramSet Programs { get; }

                    /// <summary>Closes the object's maps and programs (pins and attachments outlive it).</summary>
                    public void Dispose() => Object.Dispose();

                    /// <summary>Pins each item at <paramref name="directory"/>/its name, replacing a pin already there.</summary>
                    private static void PinEach(string directory, (global::System.Action<string> Pin, string Name)[] items)
                    {
                        global::System.IO.Directory.CreateDirectory(directory);
                        foreach (var (pin, name) in items)
                        {
                            var path = global::System.IO.Path.Combine(directory, name);
                            global::System.IO.File.Delete(path);
                            pin(path);
                        }
                    }

                    /// <summary>
                    /// The maps of {{file}}: the loaded skeleton's, or opened from their pins by <see cref="OpenPinned"/> (in another
                    /// process than the one that loaded the object).
                    /// </summary>
                    public sealed class MapSet : global::System.IDisposable
                    {
                        private readonly global::System.Collections.Generic.List<{{Loader}}BpfMapHandle>? _opened;

                        internal MapSet({{Loader}}LoadedBpfObject loaded) : this(loaded.Map, null) { }

                        private MapSet(global::System.Func<string, {{Loader}}BpfMapHandle> map, global::System.Collections.Generic.List<{{Loader}}BpfMapHandle>? opened)
                        {
                            _opened = opened;

            """);
        foreach (var map in model.Maps)
            code.Append(map.WrapperType is null
                ? $"                this.{map.Property} = map(\"{map.ObjectName}\");\n"
                : $"                this.{map.Property} = new {map.WrapperType}(map(\"{map.ObjectName}\"));\n");
        code.Append($$"""
                        }

                        /// <summary>
                        /// Opens the maps pinned in <paramref name="directory"/>, one pin per map named as the map in the object (as
                        /// <see cref="Pin"/> and libbpf's pin paths lay them out). Disposing the set closes them; the pins stay.
                        /// </summary>
                        /// <exception cref="{{Loader}}BpfException">A map is not pinned there, or what is pinned is not a map.</exception>
                        /// <exception cref="System.ArgumentException">A pinned map's type or sizes are not the ones these bindings declare: it was pinned by another build.</exception>
                        public static MapSet OpenPinned(string directory)
                        {
                            var opened = new global::System.Collections.Generic.List<{{Loader}}BpfMapHandle>();
                            try
                            {
                                return new MapSet(name =>
                                {
                                    var pinned = {{Loader}}BpfMapHandle.OpenPinned(global::System.IO.Path.Combine(directory, name));
                                    opened.Add(pinned);
                                    return pinned;
                                }, opened);
                            }
                            catch
                            {
                                foreach (var pinned in opened) pinned.Dispose();
                                throw;
                            }
                        }

                        /// <summary>
                        /// Pins every map in <paramref name="directory"/> (created if missing, on bpffs), one pin per map named as the
                        /// map in the object, replacing a pin already there: the layout <see cref="OpenPinned"/> reads.
                        /// </summary>
                        /// <exception cref="{{Loader}}BpfException">The kernel refused a pin (no bpffs there).</exception>
                        public void Pin(string directory) =>
                            {{loaded}}.PinEach(directory, new (global::System.Action<string>, string)[]
                            {

            """);
        foreach (var map in model.Maps)
            code.Append($"                    (this.{map.Property}.Pin, \"{map.ObjectName}\"),\n");
        code.Append("""
                            });

                        /// <summary>Closes the maps <see cref="OpenPinned"/> opened (the pins stay); a loaded skeleton's maps close with it.</summary>
                        public void Dispose()
                        {
                            if (_opened is null) return;
                            foreach (var pinned in _opened) pinned.Dispose();
                        }

            """);
        foreach (var map in model.Maps)
            code.Append($$"""

                        /// <summary>{{map.Field}} (map <c>{{map.ObjectName}}</c>).</summary>
                        public {{map.WrapperType ?? Loader + "BpfMapHandle"}} {{map.Property}} { get; }

            """);
        code.Append($$"""
                    }

                    /// <summary>The programs of {{file}}.</summary>
                    public sealed class ProgramSet
                    {
                        internal ProgramSet({{Loader}}LoadedBpfObject loaded)
                        {

            """);
        foreach (var program in model.Programs)
            code.Append($"                {program.Property} = loaded.Program(\"{program.ObjectName}\");\n");
        code.Append($$"""
                        }

                        /// <summary>
                        /// Pins every program in <paramref name="directory"/> (created if missing, on bpffs), one pin per program named as
                        /// the program in the object, replacing a pin already there.
                        /// </summary>
                        /// <exception cref="{{Loader}}BpfException">The kernel refused a pin (no bpffs there).</exception>
                        public void Pin(string directory) =>
                            {{loaded}}.PinEach(directory, new (global::System.Action<string>, string)[]
                            {

            """);
        foreach (var program in model.Programs)
            code.Append($"                    (this.{program.Property}.Pin, \"{program.ObjectName}\"),\n");
        code.Append("""
                            });

            """);
        foreach (var program in model.Programs)
            code.Append($$"""

                        /// <summary>{{program.Method}} ({{program.Kind}} program <c>{{program.ObjectName}}</c>).</summary>
                        public {{Loader}}BpfProgram {{program.Property}} { get; }

            """);
        code.Append("""
                    }
                }

            """);
        return $"""
            // <auto-generated/>
            // Typed bindings of {file}, generated by BpfSharp from this assembly's [Map] fields, entry points and
            // static readonly configuration. Names are the ones the BpfSharp compiler gives them in the object.
            #nullable enable


            """ + InNamespace(model.Namespace, code.ToString());
    }

    /// <summary>The classes (written indented for a namespace block) in <paramref name="ns"/>, or in the global namespace when it is empty.</summary>
    private static string InNamespace(string ns, string classes)
    {
        if (ns.Length > 0) return $"namespace {ns}\n{{\n{classes}}}\n";
        var lines = classes.Split('\n').Select(line => line.StartsWith("    ", StringComparison.Ordinal) ? line.Substring(4) : line);
        return string.Join("\n", lines);
    }
}
