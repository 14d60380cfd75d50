using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SessionOps.Gateway.Api;

/// <summary>
/// Collects every problem with a request body before anything is sent to a grain,
/// so that the caller sees all of them at once in the problem's <c>errors</c> map.
/// </summary>
public sealed partial class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    /// <summary>Every problem found, field by field, as an import reports them by row.</summary>
    public IEnumerable<(string Field, string Message)> Errors =>
        _errors.SelectMany(e => e.Value.Select(message => (e.Key, message)));

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>A required piece of text, trimmed, of at most <paramref name="maxLength"/> characters.</summary>
    public string Text(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
            return "";
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
        }

        return trimmed;
    }

    public string? OptionalText(string? value, string field, int maxLength = 500) =>
        string.IsNullOrWhiteSpace(value) ? null : Text(value, field, maxLength);

    public string Id(string? value, string field)
    {
        if (!ResourceId.IsValid(value))
        {
            Add(field, $"{field} is not a valid id: {ResourceId.Rule}.");
        }

        return value ?? "";
    }

    public string? OptionalId(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null : Id(value, field);

    public string[] Ids(string[]? values, string field)
    {
        values ??= [];
        for (var i = 0; i < values.Length; i++)
        {
            Id(values[i], $"{field}[{i}]");
        }

        var duplicates = values.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (duplicates.Length > 0)
        {
            Add(field, $"{field} lists {string.Join(", ", duplicates)} more than once.");
        }

        return values;
    }

    /// <summary>An enum given as its camelCase name, as the contract writes them.</summary>
    public TEnum Enum<TEnum>(string? value, string field) where TEnum : struct, Enum
    {
        if (value is not null && EnumNames<TEnum>.ByName.TryGetValue(value, out var parsed))
        {
            return parsed;
        }

        Add(field, value is null
            ? $"{field} is required: one of {EnumNames<TEnum>.List}."
            : $"'{value}' is not a valid {field}: use one of {EnumNames<TEnum>.List}.");
        return default;
    }

    /// <summary>An ISO 8601 time that says its offset: a time without one means a different instant in every time zone.</summary>
    public DateTimeOffset Time(string? value, string field, int? index = null)
    {
        if (value is not null && OffsetSuffix().IsMatch(value) &&
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed;
        }

        if (index is { } i)
        {
            field = $"[{i}].{field}";
        }

        Add(field, value is null
            ? $"{field} is required: an ISO 8601 time with an offset, such as 2026-11-23T08:00:00+07:00."
            : $"'{value}' is not an ISO 8601 time with an offset, such as 2026-11-23T08:00:00+07:00.");
        return default;
    }

    /// <summary>A phone number as people write it: digits, spaces, dots, dashes, brackets, a leading +.</summary>
    public string? Phone(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (!PhonePattern().IsMatch(trimmed) || trimmed.Count(char.IsAsciiDigit) < 3)
        {
            Add(field, $"'{trimmed}' is not a phone number, such as 0243 8228 666 or +84 24 3822 8666.");
        }

        return trimmed;
    }

    public string? Email(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > 254 || !EmailPattern().IsMatch(trimmed))
        {
            Add(field, $"'{trimmed}' is not an e-mail address, such as kythuat@quochoi.vn.");
        }

        return trimmed;
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>A day as yyyy-MM-dd: a Hà Nội day, as the calendar and the boards count them.</summary>
    public DateOnly Day(string? value, string field)
    {
        if (value is not null && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        Add(field, $"{field} must be a day as yyyy-MM-dd, such as 2026-11-23.");
        return default;
    }

    public IResult Problem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: "The request is not valid.");

    [GeneratedRegex(@"^\+?[0-9 .()\-]{3,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OffsetSuffix();

    private static class EnumNames<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<string, TEnum> ByName = System.Enum.GetValues<TEnum>()
            .ToDictionary(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()), v => v, StringComparer.Ordinal);

        public static readonly string List = string.Join(", ", ByName.Keys);
    }
}
