Console.WriteLine("benchmarks arrive with issue 3");
