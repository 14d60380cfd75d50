using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using SessionOps.Catalogs;
using SessionOps.Sessions;
using SessionOps.Venues;

namespace SessionOps.Gateway.Api.Imports;

/// <summary>Sittings from a spreadsheet (CSV) or a calendar export (iCalendar), read into the specs a PUT would send.</summary>
public static class SessionImport
{
    public static readonly string[] Columns =
        ["id", "title", "kind", "format", "hallVenueId", "scheduledStart", "scheduledEnd", "connectionPointIds", "delegateIds", "quorum"];

    /// <summary>Beyond the contract's columns: the other venues of the sitting, and its kỳ họp and đợt.</summary>
    public static readonly string[] OptionalColumns = ["venueIds", "plenarySession", "round"];

    /// <summary>
    /// Sittings from a spreadsheet. A column the file does not have (the optional ones) leaves what a sitting already
    /// set up has there: a contract-shaped file re-imported keeps the kỳ họp and the other venues given on /admin.
    /// </summary>
    public static async Task<(List<ImportRow<SessionSpec>> Rows, List<ImportError> Errors)> FromCsv(string text, IGrainFactory grains)
    {
        var rows = new List<ImportRow<SessionSpec>>();
        var (table, errors) = CsvTable.Read(text, Columns, OptionalColumns);
        if (table is null)
        {
            return (rows, errors);
        }

        foreach (var (row, cells) in table.Rows)
        {
            var check = new Validator();
            var id = check.Id(table.Cell(cells, "id"), "id");
            int? quorum = null;
            if (table.Cell(cells, "quorum") is { Length: > 0 } quorumText)
            {
                if (int.TryParse(quorumText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    quorum = parsed;
                }
                else
                {
                    check.Add("quorum", $"'{quorumText}' is not a whole number.");
                }
            }

            var existing = (!table.Has("venueIds") || !table.Has("plenarySession")) && ResourceId.IsValid(id)
                ? await grains.GetGrain<ISessionGrain>(id).Get()
                : null;
            var body = new SessionBody(
                Cell(table, cells, "title"), Cell(table, cells, "kind"), Cell(table, cells, "format"), Cell(table, cells, "hallVenueId"),
                Cell(table, cells, "scheduledStart"), Cell(table, cells, "scheduledEnd"),
                CsvTable.List(table.Cell(cells, "connectionPointIds")), CsvTable.List(table.Cell(cells, "delegateIds")), quorum,
                table.Has("venueIds") ? CsvTable.List(table.Cell(cells, "venueIds")) : existing?.VenueIds,
                table.Has("plenarySession") ? Plenary(table, cells, check)
                    : existing?.PlenarySession is { } kept ? new PlenaryBody(kept.Number, kept.Round) : null);
            var spec = SessionEndpoints.Validate(body, check);
            Collect(row, id, spec, check, rows, errors, field => field.StartsWith("plenarySession.", StringComparison.Ordinal)
                ? field == "plenarySession.round" ? "round" : "plenarySession"
                : field.Split('[')[0]);
        }

        return (rows, errors);
    }

    /// <summary>
    /// One VEVENT a sitting: UID → id, SUMMARY → title, DTSTART/DTEND (or DURATION) → its time, LOCATION → the hall (its
    /// id or its name), CATEGORIES → kind (the contract's names, or Vietnamese ones). A calendar says nothing of format,
    /// connection points or delegates: a sitting already set up keeps its own, a new one starts in person with none.
    /// </summary>
    public static async Task<(List<ImportRow<SessionSpec>> Rows, List<ImportError> Errors)> FromICalendar(string text, IGrainFactory grains)
    {
        var rows = new List<ImportRow<SessionSpec>>();
        var errors = new List<ImportError>();
        CalendarEvent[] events;
        try
        {
            events = [.. CalendarCollection.Load(text).SelectMany(c => c.Events)];
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            errors.Add(new ImportError(0, "file", $"The file is not an iCalendar (.ics) file: {exception.Message}"));
            return (rows, errors);
        }

        if (events.Length == 0)
        {
            errors.Add(new ImportError(0, "file", "The calendar has no events (VEVENT)."));
            return (rows, errors);
        }

        var halls = await Venues(grains);
        for (var i = 0; i < events.Length; i++)
        {
            var row = i + 1;
            var check = new Validator();
            var e = events[i];
            var id = IdOf(e.Uid);
            if (id is null)
            {
                check.Add("UID", "The event has no UID.");
            }

            if (e.RecurrenceRule is not null || e.RecurrenceDates.GetAllDates().Any())
            {
                check.Add("RRULE", "A repeating event: export the calendar with each occurrence as its own event.");
            }

            var start = Time(e.DtStart, "DTSTART", check);
            var end = e.DtEnd is not null ? Time(e.DtEnd, "DTEND", check)
                : e.Duration is { } duration && start is not null ? Time(e.DtStart!.Add(duration), "DTEND", check)
                : Missing("DTEND", "The event has neither DTEND nor DURATION.", check);

            string? hall = null;
            if (string.IsNullOrWhiteSpace(e.Location))
            {
                check.Add("LOCATION", "The event has no LOCATION: give the hall or meeting room, by its id or its name.");
            }
            else if (!halls.TryGetValue(Normalize(e.Location), out hall))
            {
                check.Add("LOCATION", $"There is no venue '{e.Location.Trim()}' (by id or by name).");
            }

            var existing = id is null ? null : await grains.GetGrain<ISessionGrain>(id).Get();
            var kind = e.Categories.Select(KindOf).FirstOrDefault(k => k is not null) ?? (existing is null ? "other" : EnumText.Camel(existing.Kind));
            var body = new SessionBody(
                e.Summary, kind, EnumText.Camel(existing?.Format ?? SessionFormat.InPerson), hall, start, end,
                existing?.ConnectionPointIds ?? [], existing?.DelegateIds ?? [], existing?.Quorum, existing?.VenueIds,
                existing?.PlenarySession is { } plenary ? new PlenaryBody(plenary.Number, plenary.Round) : null);
            var spec = SessionEndpoints.Validate(body, check);
            Collect(row, id ?? "", spec, check, rows, errors, ICalendarField);
        }

        return (rows, errors);
    }

    /// <summary>The names of the sittings' fields in an iCalendar file, for its error report.</summary>
    public static string ICalendarField(string field) => field switch
    {
        "id" => "UID",
        "title" => "SUMMARY",
        "scheduledStart" => "DTSTART",
        "scheduledEnd" => "DTEND",
        "hallVenueId" => "LOCATION",
        "kind" => "CATEGORIES",
        _ => field,
    };

    /// <summary>
    /// A UID that is already a valid id is the id; any other (an Outlook or Google UID, with capitals, <c>@</c> and dots, or
    /// longer than an id may be) becomes <c>ical-</c> and a hash of it, the same at every import of the same calendar.
    /// </summary>
    public static string? IdOf(string? uid)
    {
        if (string.IsNullOrWhiteSpace(uid))
        {
            return null;
        }

        if (ResourceId.IsValid(uid))
        {
            return uid;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(uid.Trim()));
        return "ical-" + Convert.ToHexStringLower(hash)[..20];
    }

    private static void Collect(int row, string id, SessionSpec spec, Validator check, List<ImportRow<SessionSpec>> rows, List<ImportError> errors,
        Func<string, string> fieldName)
    {
        if (check.HasErrors)
        {
            errors.AddRange(check.Errors.Select(e => new ImportError(row, fieldName(e.Field), e.Message)));
        }
        else
        {
            rows.Add(new ImportRow<SessionSpec>(row, id, spec));
        }
    }

    private static string? Cell(CsvTable table, string[] cells, string column) => table.Cell(cells, column) is { Length: > 0 } value ? value : null;

    private static PlenaryBody? Plenary(CsvTable table, string[] cells, Validator check)
    {
        var number = table.Cell(cells, "plenarySession");
        var round = table.Cell(cells, "round");
        if (number.Length == 0)
        {
            if (round.Length > 0)
            {
                check.Add("round", "A round (đợt) belongs to a kỳ họp: fill plenarySession too.");
            }

            return null;
        }

        int? Number(string text, string field)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            check.Add(field, $"'{text}' is not a whole number.");
            return null;
        }

        var parsedNumber = Number(number, "plenarySession");
        var parsedRound = round.Length == 0 ? null : Number(round, "round");
        return parsedNumber is null ? null : new PlenaryBody(parsedNumber, parsedRound);
    }

    private static string? Time(CalDateTime? value, string field, Validator check)
    {
        if (value is null)
        {
            return Missing(field, $"The event has no {field}.", check);
        }

        if (!value.HasTime)
        {
            return Missing(field, $"{field} is a day without a time (an all-day event); a sitting needs its hours.", check);
        }

        if (value.IsFloating)
        {
            return Missing(field, $"{field} has no time zone (no TZID and no Z): it would mean a different moment on every machine.", check);
        }

        try
        {
            var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(value.AsUtc, TimeSpan.Zero), ParliamentTime.Zone);
            return local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Missing(field, $"{field}'s time zone '{value.TzId}' is not known: {exception.Message}", check);
        }
    }

    private static string? Missing(string field, string message, Validator check)
    {
        check.Add(field, message);
        return null;
    }

    /// <summary>Halls and meeting rooms, and every other venue too (a sitting placed in one is refused by its own rule), by id and by name.</summary>
    private static async Task<Dictionary<string, string>> Venues(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ICatalogGrain>(Catalog.Venues).List();
        var venues = await Task.WhenAll(ids.Select(id => grains.GetGrain<IVenueGrain>(id).Get()));
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var venue in venues.OfType<Venue>().OrderBy(v => v.Kind is VenueKind.Hall or VenueKind.MeetingRoom ? 0 : 1))
        {
            byKey.TryAdd(Normalize(venue.Id), venue.Id);
            byKey.TryAdd(Normalize(venue.Name), venue.Id);
        }

        return byKey;
    }

    private static string Normalize(string text) => text.Trim().Normalize(NormalizationForm.FormC).ToLower(CultureInfo.InvariantCulture);

    /// <summary>A category that names a kind, in the contract's words or the Office's; other categories (colours, say) name none.</summary>
    private static string? KindOf(string category) => Normalize(category) switch
    {
        "plenary" or "kỳ họp" or "phiên họp toàn thể" or "phiên toàn thể" => "plenary",
        "standingcommittee" or "ubtvqh" or "phiên họp ubtvqh" or "ủy ban thường vụ quốc hội" or "phiên họp ủy ban thường vụ quốc hội" => "standingCommittee",
        "conference" or "hội nghị" => "conference",
        "other" or "khác" or "diễn đàn" => "other",
        _ => null,
    };
}
