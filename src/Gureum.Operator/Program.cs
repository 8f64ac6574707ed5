namespace Gureum.Operator;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("gureum: commands arrive with issue 2");
        return args.Length == 0 ? 0 : 1;
    }
}
