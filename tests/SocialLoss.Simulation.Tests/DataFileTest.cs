using System.IO.Compression;
using SocialLoss.Simulation;

namespace SocialLoss.Simulation.Tests;

public class DataFileTest
{
    [Fact]
    public void OpenText_ReadsTheGzippedCopy_WhenOnlyItIsThere()
    {
        var dir = Directory.CreateTempSubdirectory("socialloss-data").FullName;
        var plain = Path.Combine(dir, "a.csv");
        using (var gz = new GZipStream(File.Create(plain + ".gz"), CompressionLevel.Optimal))
        using (var w = new StreamWriter(gz))
            w.Write("h\n1\n2\n");
        Assert.True(DataFile.Exists(plain));
        Assert.Equal(plain + ".gz", DataFile.Resolve(plain));
        Assert.Equal(["h", "1", "2"], DataFile.ReadLines(plain).ToArray());

        // an uncompressed copy beside it wins: a user who unpacked or replaced a file gets theirs
        File.WriteAllText(plain, "h\n9\n");
        Assert.Equal("h\n9\n", DataFile.ReadAllText(plain));
    }

    [Fact]
    public void OpenText_MissingFile_NamesBothCandidates()
    {
        var e = Assert.Throws<FileNotFoundException>(() => DataFile.OpenText("/nonexistent/x.csv"));
        Assert.Contains("x.csv.gz", e.Message);
        Assert.False(DataFile.Exists("/nonexistent/x.csv"));
    }

    /// <summary>Every candle file a bundled scenario reads is in the repository's data folder, and the folder's README names every file.</summary>
    [Fact]
    public void RepositoryData_HoldsEveryFileTheScenariosRead_AndTheReadmeNamesEachFile()
    {
        var data = TestData.DataFolder();
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.RepoRoot(), "scenarios"), "*.json"))
        {
            var scenario = ScenarioFile.Load(file);
            Assert.True(DataFile.Exists(Path.Combine(data, scenario.Path.File)), $"{Path.GetFileName(file)}: {scenario.Path.File} not in data/");
        }

        Assert.True(DataFile.Exists(Path.Combine(data, new HyperliquidReplayParameters().CandleFile)));
        var readme = File.ReadAllText(Path.Combine(data, "README.md"));
        foreach (var f in Directory.GetFiles(data, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("README.md")))
        {
            var name = Path.GetFileName(f);
            name = name.EndsWith(".gz") ? name[..^3] : name;
            Assert.True(readme.Contains(name) || readme.Contains(Path.GetFileNameWithoutExtension(name)), $"data/README.md does not name {name}");
        }
    }

    [Fact]
    public void Find_WithoutFlagOrVariable_FindsTheRepositoryData()
    {
        var found = DataFolder.Find();
        Assert.NotNull(found);
        Assert.True(Directory.Exists(Path.Combine(found!, DataFolder.Marker)));
        Assert.Null(DataFolder.Find("/nonexistent/data"));
    }
}
