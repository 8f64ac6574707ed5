namespace Gureum.Aws.Errors;

/// <summary>Splits Route53's InvalidChangeBatch message <c>[m1, m2]</c> into its messages. The messages
/// themselves contain brackets (<c>[name='a.', type='A']</c>), quoted values and commas (", type A"),
/// so a separator is a ", " outside brackets and quotes that starts a new sentence (an upper-case letter).</summary>
internal static class Route53BatchMessages
{
    public static IReadOnlyList<string> Split(string message)
    {
        var text = message.Trim();
        if (text.Length < 2 || text[0] != '[' || text[^1] != ']')
            return [text];
        text = text[1..^1];

        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\'': quoted = !quoted; break;
                case '[' when !quoted: depth++; break;
                case ']' when !quoted: depth--; break;
                case ',' when !quoted && depth == 0 && i + 2 < text.Length && text[i + 1] == ' ' && char.IsUpper(text[i + 2]):
                    parts.Add(text[start..i]);
                    start = i + 2;
                    break;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }
}
