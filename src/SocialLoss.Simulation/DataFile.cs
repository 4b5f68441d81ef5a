using System.IO.Compression;

namespace SocialLoss.Simulation;

/// <summary>
/// Opens the files of the data folder whether they are stored as published or gzipped: the repository keeps
/// the large files as <c>name.gz</c> (a third of the size), and a user may unpack them or drop in fresh,
/// uncompressed copies, so a reader asks for <c>name</c> and gets whichever is there.
/// </summary>
public static class DataFile
{
    /// <summary>The path that exists for <paramref name="path"/>: itself, else <c>path.gz</c>, else null.</summary>
    public static string? Resolve(string path)
    {
        if (File.Exists(path))
            return path;
        var gz = path + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    /// <summary>True when <paramref name="path"/> or <c>path.gz</c> exists.</summary>
    public static bool Exists(string path) => Resolve(path) is not null;

    /// <summary>A text reader over <paramref name="path"/> (or <c>path.gz</c>, decompressed as it is read).</summary>
    /// <exception cref="FileNotFoundException">Neither file exists.</exception>
    public static StreamReader OpenText(string path)
    {
        var actual = Resolve(path) ?? throw new FileNotFoundException($"data file not found: {path} (nor {Path.GetFileName(path)}.gz)", path);
        Stream stream = File.OpenRead(actual);
        if (actual.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            stream = new GZipStream(stream, CompressionMode.Decompress);
        return new StreamReader(stream);
    }

    /// <summary>The lines of <paramref name="path"/> (or of <c>path.gz</c>), read lazily.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        using var reader = OpenText(path);
        while (reader.ReadLine() is { } line)
            yield return line;
    }

    /// <summary>The whole text of <paramref name="path"/> (or of <c>path.gz</c>).</summary>
    public static string ReadAllText(string path)
    {
        using var reader = OpenText(path);
        return reader.ReadToEnd();
    }
}
