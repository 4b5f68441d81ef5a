using SocialLoss.Core.Commands;

namespace SocialLoss.Contract;

/// <summary>
/// The one field table of contract v1: every command type with its fields, their kinds and whether they are
/// required, and the objects nested in <c>config</c> and <c>market</c>. Both parsers (<see cref="CommandParser"/>
/// and <see cref="Utf8CommandParser"/>) and the readers of events and snapshots take the fields from here.
/// </summary>
public static class CommandSchema
{
    /// <summary>The <c>adl</c> object of <c>config</c>.</summary>
    public static readonly ObjectShape Adl = new("adl",
        [Opt("ranking", FieldKind.Name), Opt("price", FieldKind.Name), Opt("seed", FieldKind.Whole), Opt("trigger", FieldKind.Name), Opt("window", FieldKind.Whole), Opt("floor", FieldKind.Money)]);

    /// <summary>The <c>clawback</c> object of <c>config</c>.</summary>
    public static readonly ObjectShape Clawback = new("clawback", [Opt("method", FieldKind.Name), Opt("base", FieldKind.Name), Opt("cap", FieldKind.Rate)]);

    /// <summary>The <c>backstop</c> object of <c>config</c>.</summary>
    public static readonly ObjectShape BackstopPolicy = new("backstop", [Opt("price", FieldKind.Name), Opt("transferBelow", FieldKind.Rate)]);

    /// <summary>The <c>liquidation</c> object of <c>config</c> (partial liquidation).</summary>
    public static readonly ObjectShape Liquidation = new("liquidation", [Req("partialAbove", FieldKind.Money), Req("partialFraction", FieldKind.Rate), Opt("cooldown", FieldKind.Whole)]);

    /// <summary>The <c>assessments</c> object of <c>config</c>.</summary>
    public static readonly ObjectShape Assessments = new("assessments", [Opt("multiple", FieldKind.Rate)]);

    /// <summary>One margin tier of <c>market</c>.</summary>
    public static readonly ObjectShape Tier = new("tier", [Req("maxNotional", FieldKind.Money), Req("initialMargin", FieldKind.Rate), Req("maintenanceMargin", FieldKind.Rate)]);

    /// <summary>The <c>config</c> command.</summary>
    public static readonly CommandShape Config = Command("config", null,
        Opt("closeout", FieldKind.Names), Opt("adl", FieldKind.Object, Adl), Opt("waterfall", FieldKind.Names), Opt("clawback", FieldKind.Object, Clawback),
        Opt("withdrawalHaircut", FieldKind.Bool), Opt("backstop", FieldKind.Object, BackstopPolicy), Opt("assessments", FieldKind.Object, Assessments),
        Opt("closeoutSurplus", FieldKind.Name), Opt("allocation", FieldKind.Name), Opt("funding", FieldKind.Name), Opt("liquidation", FieldKind.Object, Liquidation));

    /// <summary>The <c>market</c> command.</summary>
    public static readonly CommandShape Market = Command("market", null,
        Req("market", FieldKind.Market), Req("tickSize", FieldKind.Decimal), Req("lotSize", FieldKind.Decimal), Req("initialMargin", FieldKind.Rate),
        Req("maintenanceMargin", FieldKind.Rate), Opt("liquidationFee", FieldKind.Rate), Opt("tiers", FieldKind.Objects, Tier),
        Opt("priceBand", FieldKind.Rate));

    /// <summary>Every command type, in the contract's order.</summary>
    public static readonly IReadOnlyList<CommandShape> Commands =
    [
        Config,
        Market,
        Command("deposit", (in CommandValues v) => new DepositCommand(v.Account(1), v.Money(2)), Req("account", FieldKind.Account), Req("amount", FieldKind.Money)),
        Command("withdraw", (in CommandValues v) => new WithdrawCommand(v.Account(1), v.Money(2)), Req("account", FieldKind.Account), Req("amount", FieldKind.Money)),
        Command("trade", (in CommandValues v) => new TradeCommand(v.Market(1), v.Account(2), v.Account(3), v.Decimal(4), v.Decimal(5)),
            Req("market", FieldKind.Market), Req("buyer", FieldKind.Account), Req("seller", FieldKind.Account), Req("price", FieldKind.Decimal), Req("quantity", FieldKind.Decimal)),
        Command("mark", (in CommandValues v) => new MarkCommand(v.Market(1), v.Decimal(2)), Req("market", FieldKind.Market), Req("price", FieldKind.Decimal)),
        Command("funding", (in CommandValues v) => new FundingCommand(v.Market(1), v.Rate(2)), Req("market", FieldKind.Market), Req("rate", FieldKind.Rate)),
        Command("book", (in CommandValues v) => new BookCommand(v.Market(1), v.Levels(2), v.Levels(3)),
            Req("market", FieldKind.Market), Opt("bids", FieldKind.Levels), Opt("asks", FieldKind.Levels)),
        Command("insurance", (in CommandValues v) => new InsuranceCommand(v.Money(1)), Req("amount", FieldKind.Money)),
        Command("backstop", (in CommandValues v) => new BackstopCommand(v.Account(1), v.OptionalBool(2) ?? true), Req("account", FieldKind.Account), Opt("enabled", FieldKind.Bool)),
        Command("settle", (in CommandValues _) => new SettleCommand()),
        Command("member", (in CommandValues v) => new MemberCommand(v.Account(1), v.Money(2)), Req("account", FieldKind.Account), Req("defaultFund", FieldKind.Money)),
        Command("sitg", (in CommandValues v) => new SitgCommand(v.Money(1)), Req("amount", FieldKind.Money)),
        Command("default", (in CommandValues v) => new DefaultCommand(v.Account(1)), Req("account", FieldKind.Account)),
    ];

    /// <summary>The fields of an event line around the fields it shares with its command (<c>configured</c>, <c>marketListed</c>).</summary>
    public static readonly IReadOnlyList<string> EventEnvelope = ["seq", "cmd", "time", "type"];

    private static readonly Dictionary<string, CommandShape> ByType = Commands.ToDictionary(c => c.Type, StringComparer.Ordinal);

    /// <summary>The command types, in order.</summary>
    public static IReadOnlyList<string> Types { get; } = [.. Commands.Select(c => c.Type)];

    /// <summary>The shape of command type <paramref name="type"/>, or null for a type the contract lacks.</summary>
    public static CommandShape? Find(string type) => ByType.GetValueOrDefault(type);

    private static FieldSpec Req(string name, FieldKind kind) => new(name, kind, true);

    private static FieldSpec Opt(string name, FieldKind kind, ObjectShape? shape = null) => new(name, kind, false, shape);

    private static CommandShape Command(string type, CommandBuilder? build, params FieldSpec[] fields)
    {
        if (fields.Length + 2 > CommandValues.Capacity && build is not null)
            throw new InvalidOperationException($"{type}: more fields than {nameof(CommandValues)} holds");
        return new CommandShape(new ObjectShape(type, [new FieldSpec("type", FieldKind.Type, true), .. fields, new FieldSpec("time", FieldKind.Time, false)]), build);
    }
}
