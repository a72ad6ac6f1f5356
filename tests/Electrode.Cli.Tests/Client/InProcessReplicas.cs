using BpfSharp.Testing;
using Electrode.Cli.Apps;
using Electrode.Vr.Replica;
using Electrode.Vr.Transport;
using Electrode.Vr.Transport.Udp;

namespace Electrode.Cli.Tests.Client;

/// <summary>A cluster of replicas on 127.0.0.1 inside the test process, each on its own UDP transport, and its cluster file.</summary>
internal sealed class InProcessReplicas : IDisposable
{
    private readonly List<UdpTransport> transports = [];
    private readonly List<VrReplica> replicas = [];

    public InProcessReplicas(int n, string app, string directory)
    {
        var ports = LoopbackPorts.Free(n);
        ClusterFile = Path.Combine(directory, "cluster.txt");
        File.WriteAllLines(ClusterFile, ports.Select(p => $"replica 127.0.0.1:{p}"));

        var configuration = new ClusterConfiguration(ports.Select(p => new ReplicaEndpoint(new EndpointAddress(0x7f000001, (ushort)p))).ToList());
        for (int i = 0; i < n; i++)
        {
            var transport = new UdpTransport(configuration);
            transports.Add(transport);
            replicas.Add(new VrReplica(transport, i, AppChoice.CreateApp(app)));
            transport.Start();
        }
    }

    public string ClusterFile { get; }

    public void Dispose()
    {
        transports.ForEach(t => t.Stop());
        replicas.ForEach(r => r.Dispose());
        transports.ForEach(t => t.Dispose());
    }
}
