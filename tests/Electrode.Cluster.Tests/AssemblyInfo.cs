// Cluster tests build whole clusters and measure them; one at a time, they neither starve each other of the two CPUs
// nor see each other's namespaces.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
