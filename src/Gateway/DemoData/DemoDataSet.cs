using SessionOps.ConnectionPoints;
using SessionOps.Delegates;
using SessionOps.Security;
using SessionOps.Sessions;
using SessionOps.Venues;

namespace SessionOps.Gateway.DemoData;

/// <summary>
/// The demo parliament: the building and its hall, lodging and dining sites, the 34 provincial
/// delegations' connection points and the two regional offices, about 500 delegates with invented
/// names, and a day of sittings. Deterministic, so every machine shows the same data.
/// </summary>
public static class DemoDataSet
{
    public const string HallId = "hoi-truong-dien-hong";
    public const string MeetingRoomId = "phong-hop-ubtvqh";
    public const string CentralPointId = "nha-quoc-hoi";

    /// <summary>The 34 provinces and cities since 2025, with the number of delegates each sends here.</summary>
    public static readonly (string Slug, string Name, int Delegates)[] Provinces =
    [
        ("ha-noi", "Hà Nội", 38), ("hai-phong", "Hải Phòng", 16), ("quang-ninh", "Quảng Ninh", 10),
        ("cao-bang", "Cao Bằng", 8), ("lang-son", "Lạng Sơn", 8), ("tuyen-quang", "Tuyên Quang", 12),
        ("lao-cai", "Lào Cai", 12), ("thai-nguyen", "Thái Nguyên", 12), ("phu-tho", "Phú Thọ", 16),
        ("bac-ninh", "Bắc Ninh", 18), ("hung-yen", "Hưng Yên", 17), ("ninh-binh", "Ninh Bình", 15),
        ("lai-chau", "Lai Châu", 6), ("dien-bien", "Điện Biên", 7), ("son-la", "Sơn La", 10),
        ("thanh-hoa", "Thanh Hóa", 16), ("nghe-an", "Nghệ An", 16), ("ha-tinh", "Hà Tĩnh", 9),
        ("quang-tri", "Quảng Trị", 12), ("hue", "Huế", 8), ("da-nang", "Đà Nẵng", 18),
        ("quang-ngai", "Quảng Ngãi", 14), ("gia-lai", "Gia Lai", 14), ("khanh-hoa", "Khánh Hòa", 12),
        ("lam-dong", "Lâm Đồng", 16), ("dak-lak", "Đắk Lắk", 17),
        ("ho-chi-minh", "Thành phố Hồ Chí Minh", 36), ("dong-nai", "Đồng Nai", 17), ("tay-ninh", "Tây Ninh", 16),
        ("can-tho", "Cần Thơ", 16), ("vinh-long", "Vĩnh Long", 15), ("dong-thap", "Đồng Tháp", 15),
        ("ca-mau", "Cà Mau", 12), ("an-giang", "An Giang", 16),
    ];

    public static readonly (string Id, VenueSpec Spec)[] Venues =
    [
        ("nha-quoc-hoi", new("Nhà Quốc hội", VenueKind.Other, "Số 1 Độc Lập, Ba Đình, Hà Nội")),
        (HallId, new("Hội trường Diên Hồng", VenueKind.Hall, "Nhà Quốc hội, Số 1 Độc Lập, Ba Đình, Hà Nội")),
        (MeetingRoomId, new("Phòng họp Ủy ban Thường vụ Quốc hội", VenueKind.MeetingRoom, "Nhà Quốc hội, tầng 3")),
        ("nha-khach-ba-dinh", new("Nhà khách Ba Đình", VenueKind.Lodging, "Số 12 phố Hoàng Văn Thụ, Ba Đình, Hà Nội")),
        ("khach-san-ho-tay", new("Khách sạn Hồ Tây", VenueKind.Lodging, "Số 48 đường Thanh Niên, Tây Hồ, Hà Nội")),
        ("khach-san-thu-do", new("Khách sạn Thủ Đô", VenueKind.Lodging, "Số 7 phố Kim Mã, Ba Đình, Hà Nội")),
        ("nha-khach-lang-ha", new("Nhà khách Láng Hạ", VenueKind.Lodging, "Số 95 phố Láng Hạ, Đống Đa, Hà Nội")),
        ("nha-an-nha-quoc-hoi", new("Nhà ăn Nhà Quốc hội", VenueKind.Dining, "Nhà Quốc hội, tầng hầm B1")),
        ("nha-hang-hoang-dieu", new("Nhà hàng Hoàng Diệu", VenueKind.Dining, "Số 20 phố Hoàng Diệu, Ba Đình, Hà Nội")),
    ];

    private static readonly string[] Lodgings = ["nha-khach-ba-dinh", "khach-san-ho-tay", "khach-san-thu-do", "nha-khach-lang-ha"];

    public static IEnumerable<(string Id, ConnectionPointSpec Spec)> ConnectionPoints()
    {
        yield return (CentralPointId, new("Điểm cầu Nhà Quốc hội", "Hà Nội", ConnectionPointKind.Central));
        foreach (var (slug, name, _) in Provinces)
        {
            yield return (DelegationPointId(slug), new($"Đoàn ĐBQH {name}", name, ConnectionPointKind.ProvincialDelegation));
        }

        yield return ("vu-cong-tac-mien-trung", new("Vụ Công tác miền Trung", "Đà Nẵng", ConnectionPointKind.RegionalOffice));
        yield return ("vu-cong-tac-phia-nam", new("Vụ Công tác phía Nam", "Thành phố Hồ Chí Minh", ConnectionPointKind.RegionalOffice));
    }

    public static string DelegationPointId(string provinceSlug) => $"doan-{provinceSlug}";

    /// <summary>Every delegate who lodges near the hall has a route from the lodging to the hall, by invented streets.</summary>
    public static IEnumerable<(string DelegateId, RouteSpec Route)> Routes()
    {
        // Approximate positions of the streets, enough to draw each route on the security console's map.
        var places = new Dictionary<string, (double Lat, double Lon)>
        {
            ["Phố Hoàng Văn Thụ"] = (21.0405, 105.8296),
            ["Đường Hùng Vương"] = (21.0370, 105.8350),
            ["Cổng Nhà Quốc hội, phố Độc Lập"] = (21.0349, 105.8369),
            ["Đường Thanh Niên"] = (21.0460, 105.8390),
            ["Phố Quán Thánh"] = (21.0417, 105.8390),
            ["Phố Kim Mã"] = (21.0317, 105.8200),
            ["Phố Ngọc Hà"] = (21.0370, 105.8280),
            ["Phố Láng Hạ"] = (21.0160, 105.8150),
            ["Phố Giảng Võ"] = (21.0260, 105.8230),
        };
        var streets = new Dictionary<string, string[]>
        {
            ["nha-khach-ba-dinh"] = ["Phố Hoàng Văn Thụ", "Đường Hùng Vương", "Cổng Nhà Quốc hội, phố Độc Lập"],
            ["khach-san-ho-tay"] = ["Đường Thanh Niên", "Phố Quán Thánh", "Đường Hùng Vương", "Cổng Nhà Quốc hội, phố Độc Lập"],
            ["khach-san-thu-do"] = ["Phố Kim Mã", "Phố Ngọc Hà", "Cổng Nhà Quốc hội, phố Độc Lập"],
            ["nha-khach-lang-ha"] = ["Phố Láng Hạ", "Phố Giảng Võ", "Phố Kim Mã", "Cổng Nhà Quốc hội, phố Độc Lập"],
        };
        foreach (var (id, spec) in Delegates())
        {
            if (spec.LodgingVenueId is { } lodging)
            {
                yield return (id, new RouteSpec(HallId, streets[lodging].Select(name => new Waypoint(name, places[name].Lat, places[name].Lon)).ToArray()));
            }
        }
    }

    public static IReadOnlyList<(string Id, DelegateSpec Spec)> Delegates()
    {
        string[] surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương"];
        string[] middles = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Thu", "Ngọc", "Hoài", "Xuân", "Kim", "Anh", "Bảo"];
        string[] givens = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tâm", "Thắng", "Thảo", "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến", "Hiếu", "Đạt", "Thủy"];

        var random = new Random(2025);
        var delegates = new List<(string, DelegateSpec)>();
        foreach (var (slug, name, count) in Provinces)
        {
            for (var n = 1; n <= count; n++)
            {
                var fullName = $"{surnames[random.Next(surnames.Length)]} {middles[random.Next(middles.Length)]} {givens[random.Next(givens.Length)]}";
                // Delegates of Hà Nội go home at night; everyone else lodges near the hall.
                var lodging = slug == "ha-noi" ? null : Lodgings[delegates.Count % Lodgings.Length];
                delegates.Add(($"dbqh-{slug}-{n:00}", new DelegateSpec(fullName, name, lodging)));
            }
        }

        return delegates;
    }

    /// <summary>The day's sittings: a hybrid plenary in the morning, two Standing Committee sittings in the afternoon.</summary>
    public static IReadOnlyList<(string Id, SessionSpec Spec)> SessionsOn(DateOnly day)
    {
        DateTimeOffset At(int hour, int minute) => ParliamentTime.At(day, hour, minute);

        var delegates = Delegates();
        var allPoints = ConnectionPoints().Select(p => p.Id).ToArray();
        // The Standing Committee: one member from each of the first eighteen delegations.
        var committee = delegates.GroupBy(d => d.Spec.Delegation).Take(18).Select(g => g.First().Id).ToArray();
        var stamp = day.ToString("yyyyMMdd");

        return
        [
            ($"ky-hop-{stamp}", new SessionSpec(
                "Kỳ họp: phiên họp toàn thể tại hội trường, kết hợp trực tuyến",
                SessionKind.Plenary, SessionFormat.Hybrid, HallId,
                At(8, 0), At(11, 30), allPoints, delegates.Select(d => d.Id).ToArray(), Quorum: null,
                VenueIds: ["nha-an-nha-quoc-hoi", "nha-hang-hoang-dieu"])),
            ($"ubtvqh-{stamp}-1", new SessionSpec(
                "Phiên họp Ủy ban Thường vụ Quốc hội: cho ý kiến về dự án luật",
                SessionKind.StandingCommittee, SessionFormat.InPerson, MeetingRoomId,
                At(13, 30), At(15, 30), [], committee, Quorum: null)),
            ($"ubtvqh-{stamp}-2", new SessionSpec(
                "Phiên họp Ủy ban Thường vụ Quốc hội: giám sát chuyên đề, kết nối các Vụ Công tác",
                SessionKind.StandingCommittee, SessionFormat.Hybrid, MeetingRoomId,
                At(15, 45), At(17, 30), [CentralPointId, "vu-cong-tac-mien-trung", "vu-cong-tac-phia-nam"], committee, Quorum: null)),
        ];
    }
}
