namespace SocialLoss.Storage.Tests;

public sealed class ChecksumTests
{
    [Fact]
    public void Checksum_covers_position_and_content()
    {
        Assert.NotEqual(Checksum.Of(1, "x"), Checksum.Of(2, "x"));
        Assert.NotEqual(Checksum.Of(1, "x"), Checksum.Of(1, "y"));
        Assert.Equal(Checksum.Of(5, "hello"), Checksum.Of(5, "hello"));
    }
}
