namespace SocialLoss.Contract;

/// <summary>A command type of the contract: its fields and how a command is built from their values.</summary>
/// <param name="Shape">Its fields: <c>type</c> first, <c>time</c> last.</param>
/// <param name="Build">
/// For a flat command (every field a scalar or book levels): builds it from the values at the fields' indexes.
/// Null for <c>config</c> and <c>market</c>, whose nested objects <see cref="ConfigJson.Read"/> and <see cref="MarketJson.Read"/> read.
/// </param>
public sealed record CommandShape(ObjectShape Shape, CommandBuilder? Build)
{
    /// <summary>The command type.</summary>
    public string Type => Shape.Name;

    /// <summary>The index of the <c>time</c> field.</summary>
    public int TimeIndex => Shape.Fields.Count - 1;
}
