using System.Text.RegularExpressions;

namespace SessionOps;

/// <summary>Ids are chosen by the caller; this is the one rule they must follow.</summary>
public static partial class ResourceId
{
    public const string Rule = "an id is 1 to 64 characters: lower-case letters, digits and '-', starting with a letter or digit";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);
}
