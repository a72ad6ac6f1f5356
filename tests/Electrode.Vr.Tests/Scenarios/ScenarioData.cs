namespace Electrode.Vr.Tests.Scenarios;

/// <summary>Theory data of the scenario suite: every batch size with every fast-path variant.</summary>
public static class ScenarioData
{
    public static readonly int[] BatchSizes = [1, 8];

    public static TheoryData<int, string> BatchSizesAndFastPaths()
    {
        var data = new TheoryData<int, string>();
        foreach (var batch in BatchSizes)
            foreach (var fastPath in FastPathVariant.Names)
                data.Add(batch, fastPath);
        return data;
    }

    /// <summary>Batch size, fast path and seed, for the Stress scenarios run over many seeds.</summary>
    public static TheoryData<int, string, int> WithSeeds(int seeds)
    {
        var data = new TheoryData<int, string, int>();
        foreach (var batch in BatchSizes)
            foreach (var fastPath in FastPathVariant.Names)
                for (var seed = 1; seed <= seeds; seed++)
                    data.Add(batch, fastPath, seed);
        return data;
    }
}
