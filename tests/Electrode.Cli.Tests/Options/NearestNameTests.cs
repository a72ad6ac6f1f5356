using Electrode.Cli.Options;

namespace Electrode.Cli.Tests.Options;

public class NearestNameTests
{
    private static readonly string[] Known = ["--cluster", "--index", "--data-dir", "--batch", "--app", "--help"];

    [Theory]
    [InlineData("--idnex", "--index")]
    [InlineData("--indx", "--index")]
    [InlineData("-index", "--index")]
    [InlineData("--datadir", "--data-dir")]
    [InlineData("--clustre", "--cluster")]
    [InlineData("--hepl", "--help")]
    public void ATypoGetsTheNameItMeant(string typed, string expected)
    {
        Assert.Equal(expected, NearestName.To(typed, Known));
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("-x")]
    [InlineData("--fast")]
    public void AWordFarFromEveryNameGetsNone(string typed)
    {
        Assert.Null(NearestName.To(typed, Known));
    }

    [Fact]
    public void OfEquallyCloseNamesTheFirstIsChosen()
    {
        Assert.Equal("--ab", NearestName.To("--a", ["--ab", "--ac"]));
    }

    [Theory]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)]
    public void DistanceCountsInsertionsDeletionsReplacementsAndNeighbourSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, NearestName.Distance(a, b));
        Assert.Equal(expected, NearestName.Distance(b, a));
    }
}
