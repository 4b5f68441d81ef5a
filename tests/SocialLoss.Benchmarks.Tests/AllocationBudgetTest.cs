using System.Linq.Expressions;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using SocialLoss.Benchmarks;

namespace SocialLoss.Benchmarks.Tests;

/// <summary>
/// Runs every benchmark that carries an <see cref="AllocationBudgetAttribute"/> on its small inputs and checks the bytes it
/// allocates per operation (<see cref="GC.GetAllocatedBytesForCurrentThread"/> deltas, after a warm-up so that lazy
/// one-off allocations are out) against the budget written beside it.
/// </summary>
public class AllocationBudgetTest
{
    private const int Warmup = 64;
    private const int Measured = 256;

    public static TheoryData<string> Budgeted()
    {
        var data = new TheoryData<string>();
        foreach (var m in BudgetedMethods())
            data.Add(m.DeclaringType!.Name + "." + m.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Budgeted))]
    public void Benchmark_allocates_within_its_budget(string name)
    {
        var method = BudgetedMethods().Single(m => m.DeclaringType!.Name + "." + m.Name == name);
        var budget = method.GetCustomAttribute<AllocationBudgetAttribute>()!;
        var type = method.DeclaringType!;
        var instance = Activator.CreateInstance(type)!;
        foreach (var p in type.GetProperties())
            if (p.GetCustomAttribute<ParamsAttribute>() is { } values)
                p.SetValue(instance, p.GetCustomAttribute<SmallInputAttribute>() is { } small ? small.Value : values.Values[0]);
        foreach (var setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is { } g && (g.Targets is not { Length: > 0 } t || t.Contains(method.Name))))
            setup.Invoke(instance, null);
        int perInvoke = Math.Max(1, method.GetCustomAttribute<BenchmarkAttribute>()!.OperationsPerInvoke);

        // A compiled call, its result discarded: no boxing of a value result, no reflection allocation per call.
        var run = Expression.Lambda<Action>(Expression.Call(Expression.Constant(instance), method)).Compile();
        for (int i = 0; i < Warmup; i++)
            run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Measured; i++)
            run();
        double perOperation = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Measured / perInvoke;

        TestContext.Current.SendDiagnosticMessage($"{name}: {perOperation:F1} B/op (budget {budget.BytesPerOperation})");
        Assert.True(perOperation <= budget.BytesPerOperation,
            $"{name} allocates {perOperation:F1} B per operation; its budget is {budget.BytesPerOperation} B ({budget.Because})");
    }

    private static IEnumerable<MethodInfo> BudgetedMethods() =>
        typeof(AllocationBudgetAttribute).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<AllocationBudgetAttribute>() is not null && m.GetCustomAttribute<BenchmarkAttribute>() is not null)
            .OrderBy(m => m.DeclaringType!.Name + "." + m.Name, StringComparer.Ordinal);
}
