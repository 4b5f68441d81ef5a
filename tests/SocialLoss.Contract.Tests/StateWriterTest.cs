using System.Text.Json;
using SocialLoss.Contract;

namespace SocialLoss.Contract.Tests;

public class StateWriterTest
{
    [Fact]
    public void Write_AfterCrash_HasEveryContractField()
    {
        var replay = new Replay();
        replay.Run(new StringReader(ReplayTest.Crash), null);
        using var doc = JsonDocument.Parse(StateWriter.Write(replay.Engine.Ledger));
        var root = doc.RootElement;
        Assert.Equal("86", root.GetProperty("markets").GetProperty("BTC-PERP").GetProperty("mark").GetString());
        var accounts = root.GetProperty("accounts");
        Assert.True(accounts.TryGetProperty("market", out _));
        Assert.True(accounts.TryGetProperty("insurance", out _));
        var carol = accounts.GetProperty("carol");
        var pos = carol.GetProperty("positions").GetProperty("BTC-PERP");
        Assert.Equal("10", pos.GetProperty("quantity").GetString());
        Assert.Equal("100", pos.GetProperty("entryPrice").GetString());
        Assert.Equal("1000", pos.GetProperty("cost").GetString());
        // carol: 5000 deposited, long 10 @ 100, MM 5%: 5000 + 10(p − 100) = 0.05 x 10p → p = 4000/9.5 = 421.05.. → none below;
        // for a long the liquidation price is where equity = MM: p = (1000 − 5000)/(10 x 0.95) < 0 → null.
        Assert.Equal(JsonValueKind.Null, pos.GetProperty("liquidationPrice").ValueKind);
        Assert.Equal("0", pos.GetProperty("bankruptcyPrice").GetString());
        Assert.InRange(pos.GetProperty("adlIndicator").GetInt32(), 0, 4);
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("stateHash").GetString()!);
        Assert.Equal(StateHash.Compute(replay.Engine.Ledger), root.GetProperty("stateHash").GetString());
        Assert.True(root.TryGetProperty("insuranceFund", out _));
        Assert.True(root.TryGetProperty("deficit", out _));
        Assert.True(root.GetProperty("totals").TryGetProperty("netDeposits", out _));
    }
}
