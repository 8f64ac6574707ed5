using System.CommandLine;
using Gureum.Benchmarks;

return await Cli.Build().Parse(args).InvokeAsync();
