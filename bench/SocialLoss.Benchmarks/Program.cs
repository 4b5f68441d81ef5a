using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(SocialLoss.Benchmarks.EngineBenchmarks).Assembly).Run(args);
