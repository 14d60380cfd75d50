namespace SessionOps;

public static class EnumText
{
    /// <summary>An enum value as the API writes it: camelCase, for messages that quote it.</summary>
    public static string Camel<T>(this T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
