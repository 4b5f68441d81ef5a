using CsCheck;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

public sealed class LargestRemainderTest
{
    [Fact]
    public void Split_CryptoComExampleB_SumsExactlyAndEachWithinACentOfPublished()
    {
        // Crypto.com Exchange, "Insurance Fund and Socialised Loss Mechanism", example B
        // (https://help.crypto.com/en/articles/4894442-insurance-fund-and-socialised-loss-mechanism, older
        // version, quoted in /work/notes/research-findings.md Q5a): winners' profits 50,000 / 45,000 /
        // 30,000 / 30,000 / 15,000 / 1,000 share a 10,000 loss pro rata; published shares (to cents)
        // 2,923.98 / 2,631.58 / 1,754.39 / 1,754.39 / 877.19 / 58.48, which add to 10,000.01.
        long[] profits = [50_000_000_000, 45_000_000_000, 30_000_000_000, 30_000_000_000, 15_000_000_000, 1_000_000_000];
        var parts = LargestRemainder.Split(10_000_000_000, profits);

        // Derived: exact share_i = 10,000 x profit_i / 171,000, in micro-units:
        //   2,923,976,608.187 / 2,631,578,947.368 / 1,754,385,964.912 / 1,754,385,964.912 / 877,192,982.456 / 58,479,532.163
        // floors sum to 9,999,999,997; the 3 micro-units left go to the largest remainders
        // (.912, .912, .456: the two 30,000 winners and the 15,000 winner).
        Assert.Equal([2_923_976_608L, 2_631_578_947L, 1_754_385_965L, 1_754_385_965L, 877_192_983L, 58_479_532L], parts);
        Assert.Equal(10_000_000_000L, parts.Sum());
        long[] publishedCents = [292_398, 263_158, 175_439, 175_439, 87_719, 5_848];
        for (int i = 0; i < parts.Length; i++)
            Assert.InRange(Math.Abs(parts[i] - publishedCents[i] * 10_000L), 0L, 10_000L); // within 0.01
    }

    [Fact]
    public void Split_58CoinCoefficient_ThousandProfitPaysTwentyCents()
    {
        // 58COIN apportionment (https://58coin-support.zendesk.com/hc/en-us/articles/360015587494):
        // 8,000 USDT of debt over 40,000,000 USDT of winners' profit → coefficient 1/5,000; a 1,000 profit
        // pays 1,000 x 1/5,000 = 0.2. The other winner holds the remaining 39,999,000 of profit and pays
        // 39,999,000 / 5,000 = 7,999.8 (derived).
        var parts = LargestRemainder.Split(8_000_000_000, [1_000_000_000, 39_999_000_000_000]);
        Assert.Equal([200_000L, 7_999_800_000L], parts);
    }

    [Fact]
    public void Split_ChitraProRataExample_SeizesPointSixOfEachWinner()
    {
        // Chitra, "Autodeleveraging: Impossibilities and Optimization", arXiv 2512.01112 (worked example,
        // quoted in /work/shared/research/venues-ccps-papers.md §4.1): w = (8, 4, 0.5), budget 7.5 →
        // pro-rata h = 7.5 / 12.5 = 0.6, seized (4.8, 2.4, 0.3).
        var parts = LargestRemainder.Split(7_500_000, [8_000_000, 4_000_000, 500_000]);
        Assert.Equal([4_800_000L, 2_400_000L, 300_000L], parts);
    }

    [Fact]
    public void Split_EqualRemainders_GoToLowerIndex()
    {
        Assert.Equal([1L, 0L, 0L], LargestRemainder.Split(1, [1, 1, 1]));
        Assert.Equal([1L, 1L, 0L], LargestRemainder.Split(2, [1, 1, 1]));
        // 3 over (0, 5, 5, 0): exact 1.5 and 1.5 → floors 1 and 1, the unit left goes to the lower index.
        Assert.Equal([0L, 2L, 1L, 0L], LargestRemainder.Split(3, [0, 5, 5, 0]));
    }

    [Fact]
    public void Split_LargerRemainder_WinsOverLowerIndex()
    {
        // 1 x 1/3 and 1 x 2/3: floors 0 and 0, remainders 1 and 2 → the second gets the unit.
        Assert.Equal([0L, 1L], LargestRemainder.Split(1, [1, 2]));
    }

    [Fact]
    public void Split_ZeroTotal_AllZeroEvenWithZeroWeights() =>
        Assert.Equal([0L, 0L], LargestRemainder.Split(0, [0, 0]));

    [Fact]
    public void Split_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LargestRemainder.Split(-1, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LargestRemainder.Split(1, [1, -1]));
        Assert.Throws<ArgumentException>(() => LargestRemainder.Split(1, [0, 0]));
    }

    private static readonly Gen<(long Total, long[] Weights)> GenSplit =
        from weights in Gen.Long[0, 1_000_000_000_000].Array[1, 40]
        where weights.Sum() > 0
        from total in Gen.Long[0, 2_000_000_000_000]
        select (total, weights);

    [Fact]
    public void Split_Random_SumsExactlyToTotal() =>
        GenSplit.Sample(t => LargestRemainder.Split(t.Total, t.Weights).Sum() == t.Total, iter: 2000);

    [Fact]
    public void Split_Random_EachPartWithinOneOfItsExactShare() =>
        GenSplit.Sample(t =>
        {
            var parts = LargestRemainder.Split(t.Total, t.Weights);
            Int128 sum = 0;
            foreach (var w in t.Weights)
                sum += w;
            for (int i = 0; i < parts.Length; i++)
            {
                // floor(total x w / sum) ≤ part ≤ floor + 1
                var floor = (Int128)t.Total * t.Weights[i] / sum;
                if (parts[i] < floor || parts[i] > floor + 1)
                    return false;
                if (t.Weights[i] == 0 && parts[i] != 0)
                    return false;
            }

            return true;
        }, iter: 2000);

    [Fact]
    public void Split_TotalAtMostSum_NoPartAboveItsWeight() =>
        (from weights in Gen.Long[0, 1_000_000].Array[1, 30]
         where weights.Sum() > 0
         from total in Gen.Long[0, weights.Sum()]
         select (total, weights))
        .Sample(t =>
        {
            var parts = LargestRemainder.Split(t.total, t.weights);
            for (int i = 0; i < parts.Length; i++)
                if (parts[i] > t.weights[i])
                    return false;
            return true;
        }, iter: 2000);
}
