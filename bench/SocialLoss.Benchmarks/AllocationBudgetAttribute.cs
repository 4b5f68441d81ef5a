namespace SocialLoss.Benchmarks;

/// <summary>
/// The most a benchmark may allocate per operation (BenchmarkDotNet's "Allocated" column divided by
/// <c>OperationsPerInvoke</c>), written beside the benchmark and checked in CI by SocialLoss.Benchmarks.Tests on the
/// inputs of <see cref="SmallInputAttribute"/> (as Garnet checks its BDN allocation budgets). Allocation counts are
/// deterministic where timings are not, so they are what a shared CI machine can hold a change to.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllocationBudgetAttribute(long bytesPerOperation) : Attribute
{
    /// <summary>Bytes per operation.</summary>
    public long BytesPerOperation { get; } = bytesPerOperation;

    /// <summary>Why the budget is what it is (what the operation must allocate).</summary>
    public string? Because { get; init; }
}

/// <summary>The value a <c>[Params]</c> property takes when CI checks the budgets (a small population, seconds not minutes).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SmallInputAttribute(int value) : Attribute
{
    /// <summary>The value.</summary>
    public int Value { get; } = value;
}
