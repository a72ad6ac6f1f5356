using Electrode.Bench.Loopback;
using Electrode.Bench.Loss;
using Electrode.Bench.Restarts;

const string Usage = """
    usage: Electrode.Bench <benchmark> [options]
    benchmarks:
      loopback [--requests N] [--warmup S] [--csv FILE]
          3 electrode replica processes on 127.0.0.1, one unmeasured client run to warm them up, then the
          electrode client with 1 and 4 closed-loop clients, N measured requests per run (default 10000)
          after S seconds of warm-up (default 1, at least 0.1). Prints clients, ops/s, p50/p90/p99/p99.9
          latency (us) and the replicas' CPU time per measured request; writes FILE (default loopback.csv).
      loss [--loss-ppm P] [--duplicate-ppm P] [--requests N] [--clients C] [--seed S] [--warmup S] [--deadline S] [--csv FILE]
          as root: a fresh network namespace whose loopback egress runs the BpfSharp fault injector on the replicas'
          ports, 3 electrode replica --app kv processes in it, then electrode client --app kv with C clients (default 8),
          N measured requests (default 10000) after S seconds of warm-up (default 1), once without faults and once
          dropping P ppm of the datagrams (default 50000) and duplicating P ppm (default 0), seeded by S (default 1).
          Prints ops/s, p50/p99 latency (us), client resends, the injector's counters (datagrams seen, dropped,
          duplicated) and the ratios loss/no loss; writes FILE (default loss.csv). Each client run ends by its deadline
          (default 600 s); the namespace, its qdisc and the replicas are removed at the end.
      restarts [--runs R] [--replicas N] [--batch B] [--clients C] [--loss-ppm P] [--duplicate-ppm P] [--kill-after S] [--down S] [--then S] [--csv FILE]
          as root: R runs (default 10), each a fresh namespace with N electrode replica --app kv processes (default 3) and the
          fault injector on its loopback (no faults by default); C clients (default 8) put and get on 16 shared keys with
          --history; the leader is killed with SIGKILL S s into the load (default 2), restarted S s later (default 3, before
          the followers' view-change timeout) and the load goes on S s more (default 3). Prints per run the operations
          checked, the linearizability verdict, the time the restarted leader took to recover, whether the replicas' logs
          are equal, and conflicting Prepares; exits 1 if any run lost anything. Writes FILE (default restarts.csv).
      compile [--runs K]
          what a build waits for to compile Electrode.Programs (K runs per row, default 5): a fresh compiler process with IL
          only, with the build's ReadyToRun images, the compiler server's first compile (it starts the server) and its
          later ones; medians, and ratios to the IL process. Needs no root.
      codegen [--repeat N] [--compile-runs K] [--csv FILE]
          compile time of Electrode.Programs (cold process, warm in process: K runs, default 10), then each program of
          electrode.bpf.o against the same logic in C (Reference/electrode_ref.bpf.c, clang-19 -O2): xlated and JIT
          sizes, verifier-processed instructions, ns per packet over N test runs (default 1000); writes FILE (default codegen.csv).
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
return args[0] switch
{
    "loopback" => LoopbackBenchmark.Run(args[1..]),
    "loss" => LossBenchmark.Run(args[1..]),
    "restarts" => RestartBenchmark.Run(args[1..]),
    "codegen" => Electrode.Bench.Codegen.CodegenBenchmark.Run(args[1..]),
    "compile" => Electrode.Bench.Codegen.CompileStartupBenchmark.Run(args[1..]),
    _ => Fail($"unknown benchmark '{args[0]}'"),
};

static int Fail(string message)
{
    Console.Error.WriteLine($"Electrode.Bench: {message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
