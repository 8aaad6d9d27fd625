using Portal.Bench;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Help);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Help);
    return 2;
}

var report = await BenchRunner.RunAsync(options, Console.Out);
return report.Scenarios.All(s => s.Completed) ? 0 : 1;
