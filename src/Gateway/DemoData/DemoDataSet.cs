using SessionOps.ConnectionPoints;
using SessionOps.Delegates;
using SessionOps.Security;
using SessionOps.Sessions;
using SessionOps.Venues;

namespace SessionOps.Gateway.DemoData;

/// <summary>
/// The demo parliament: the building and its hall and meeting rooms, the Office's other premises, lodging and dining
/// sites (addresses with the wards of the 2025 reform), the 34 provincial delegations' connection points with their
/// technicians and backup links, and the two regional offices, 500 delegates with invented names, each delegation
/// lodging together, and the days of sittings (<see cref="DemoMonth"/> makes the month). Deterministic, so every
/// machine shows the same data.
/// </summary>
public static class DemoDataSet
{
    public const string HallId = "hoi-truong-dien-hong";
    /// <summary>Where the Standing Committee sits.</summary>
    public const string MeetingRoomId = "phong-hop-tan-trao";
    public const string CentralPointId = "nha-quoc-hoi";

    /// <summary>The 34 provinces and cities since 2025, with the number of delegates each sends here.</summary>
    public static readonly (string Slug, string Name, int Delegates)[] Provinces =
    [
        ("ha-noi", "Hà Nội", 32), ("hai-phong", "Hải Phòng", 16), ("quang-ninh", "Quảng Ninh", 10),
        ("cao-bang", "Cao Bằng", 8), ("lang-son", "Lạng Sơn", 8), ("tuyen-quang", "Tuyên Quang", 12),
        ("lao-cai", "Lào Cai", 12), ("thai-nguyen", "Thái Nguyên", 12), ("phu-tho", "Phú Thọ", 16),
        ("bac-ninh", "Bắc Ninh", 16), ("hung-yen", "Hưng Yên", 17), ("ninh-binh", "Ninh Bình", 15),
        ("lai-chau", "Lai Châu", 6), ("dien-bien", "Điện Biên", 7), ("son-la", "Sơn La", 10),
        ("thanh-hoa", "Thanh Hóa", 16), ("nghe-an", "Nghệ An", 16), ("ha-tinh", "Hà Tĩnh", 9),
        ("quang-tri", "Quảng Trị", 12), ("hue", "Huế", 8), ("da-nang", "Đà Nẵng", 18),
        ("quang-ngai", "Quảng Ngãi", 14), ("gia-lai", "Gia Lai", 14), ("khanh-hoa", "Khánh Hòa", 12),
        ("lam-dong", "Lâm Đồng", 16), ("dak-lak", "Đắk Lắk", 17),
        ("ho-chi-minh", "Thành phố Hồ Chí Minh", 44), ("dong-nai", "Đồng Nai", 17), ("tay-ninh", "Tây Ninh", 16),
        ("can-tho", "Cần Thơ", 16), ("vinh-long", "Vĩnh Long", 15), ("dong-thap", "Đồng Tháp", 15),
        ("ca-mau", "Cà Mau", 12), ("an-giang", "An Giang", 16),
    ];

    public static readonly (string Id, VenueSpec Spec)[] Venues =
    [
        ("nha-quoc-hoi", new("Nhà Quốc hội", VenueKind.Other, "Số 1 Độc Lập, phường Ba Đình, Hà Nội")),
        (HallId, new("Hội trường Diên Hồng", VenueKind.Hall, "Nhà Quốc hội, số 1 Độc Lập, phường Ba Đình, Hà Nội")),
        (MeetingRoomId, new("Phòng họp Tân Trào", VenueKind.MeetingRoom, "Nhà Quốc hội, tầng 3, số 1 Độc Lập, phường Ba Đình, Hà Nội")),
        ("phong-hop-1-nha-quoc-hoi", new("Phòng họp số 1, Nhà Quốc hội", VenueKind.MeetingRoom, "Nhà Quốc hội, tầng 2, số 1 Độc Lập, phường Ba Đình, Hà Nội")),
        ("phong-hop-2-nha-quoc-hoi", new("Phòng họp số 2, Nhà Quốc hội", VenueKind.MeetingRoom, "Nhà Quốc hội, tầng 2, số 1 Độc Lập, phường Ba Đình, Hà Nội")),
        ("phong-hop-3-nha-quoc-hoi", new("Phòng họp số 3, Nhà Quốc hội", VenueKind.MeetingRoom, "Nhà Quốc hội, tầng 4, số 1 Độc Lập, phường Ba Đình, Hà Nội")),
        ("hoi-truong-37-hung-vuong", new("Hội trường 37 Hùng Vương", VenueKind.Hall, "Số 37 Hùng Vương, phường Ba Đình, Hà Nội")),
        ("phong-hop-22-hung-vuong", new("Phòng họp 22 Hùng Vương", VenueKind.MeetingRoom, "Số 22 Hùng Vương, phường Ba Đình, Hà Nội")),
        ("phong-hop-35-ngo-quyen", new("Phòng họp 35 Ngô Quyền", VenueKind.MeetingRoom, "Số 35 Ngô Quyền, phường Cửa Nam, Hà Nội")),
        ("trung-tam-hoi-nghi-quoc-gia", new("Trung tâm Hội nghị Quốc gia", VenueKind.Hall, "Đại lộ Thăng Long, phường Từ Liêm, Hà Nội")),
        ("nha-khach-ba-dinh", new("Nhà khách Ba Đình", VenueKind.Lodging, "Số 12 phố Hoàng Văn Thụ, phường Ba Đình, Hà Nội")),
        ("khach-san-ho-tay", new("Khách sạn Hồ Tây", VenueKind.Lodging, "Số 48 đường Thanh Niên, phường Tây Hồ, Hà Nội")),
        ("khach-san-thu-do", new("Khách sạn Thủ Đô", VenueKind.Lodging, "Số 7 phố Kim Mã, phường Giảng Võ, Hà Nội")),
        ("nha-khach-lang-ha", new("Nhà khách Láng Hạ", VenueKind.Lodging, "Số 95 phố Láng Hạ, phường Láng, Hà Nội")),
        ("nha-an-nha-quoc-hoi", new("Nhà ăn Nhà Quốc hội", VenueKind.Dining, "Nhà Quốc hội, tầng hầm B1, số 1 Độc Lập, phường Ba Đình, Hà Nội")),
        ("nha-hang-hoang-dieu", new("Nhà hàng Hoàng Diệu", VenueKind.Dining, "Số 20 phố Hoàng Diệu, phường Ba Đình, Hà Nội")),
    ];

    private static readonly string[] Lodgings = ["nha-khach-ba-dinh", "khach-san-ho-tay", "khach-san-thu-do", "nha-khach-lang-ha"];

    public static IEnumerable<(string Id, ConnectionPointSpec Spec)> ConnectionPoints()
    {
        var random = new Random(34);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        (PointContact[] Contacts, string Backup) Staff(string slug, string place)
        {
            var names = DemoNames.For(slug, 2, random, taken).ToArray();
            var phone = $"0{random.Next(203, 299)} {random.Next(100, 999)} {random.Next(1000, 9999)}";
            var mobile = $"09{random.Next(10, 99)} {random.Next(100, 999)} {random.Next(100, 999)}";
            return (
                [new PointContact($"{names[0]} (kỹ thuật viên tại điểm cầu)", mobile, $"kythuat.{slug}@quochoi.vn"),
                 new PointContact($"{names[1]} (Văn phòng {place})", phone, $"vanphong.{slug}@quochoi.vn")],
                "Đường truyền dự phòng 4G (bộ định tuyến tại phòng máy); cầu điện thoại hội nghị nếu mất cả hai");
        }

        var central = Staff("nha-quoc-hoi", "Quốc hội");
        yield return (CentralPointId, new("Điểm cầu Nhà Quốc hội", "Hà Nội", ConnectionPointKind.Central, central.Contacts,
            "Đường truyền cáp quang thứ hai qua trạm 37 Hùng Vương"));
        foreach (var (slug, name, _) in Provinces)
        {
            var staff = Staff(slug, $"Đoàn ĐBQH và HĐND {name}");
            yield return (DelegationPointId(slug), new($"Đoàn ĐBQH {name}", name, ConnectionPointKind.ProvincialDelegation, staff.Contacts, staff.Backup));
        }

        var centralRegion = Staff("mien-trung", "Vụ Công tác miền Trung");
        yield return ("vu-cong-tac-mien-trung", new("Vụ Công tác miền Trung", "Đà Nẵng", ConnectionPointKind.RegionalOffice, centralRegion.Contacts, centralRegion.Backup));
        var south = Staff("phia-nam", "Vụ Công tác phía Nam");
        yield return ("vu-cong-tac-phia-nam", new("Vụ Công tác phía Nam", "Thành phố Hồ Chí Minh", ConnectionPointKind.RegionalOffice, south.Contacts, south.Backup));
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

    /// <summary>500 delegates; a delegation lodges together (Hà Nội's go home at night).</summary>
    public static IReadOnlyList<(string Id, DelegateSpec Spec)> Delegates()
    {
        var random = new Random(2025);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var delegates = new List<(string, DelegateSpec)>();
        for (var p = 0; p < Provinces.Length; p++)
        {
            var (slug, name, count) = Provinces[p];
            var lodging = slug == "ha-noi" ? null : Lodgings[p % Lodgings.Length];
            var n = 0;
            foreach (var fullName in DemoNames.For(slug, count, random, taken))
            {
                delegates.Add(($"dbqh-{slug}-{++n:00}", new DelegateSpec(fullName, name, lodging)));
            }
        }

        return delegates;
    }

    /// <summary>The Standing Committee: one member from each of the first eighteen delegations.</summary>
    public static string[] StandingCommittee() =>
        [.. Delegates().GroupBy(d => d.Spec.Delegation).Take(18).Select(g => g.First().Id)];

    /// <summary>
    /// A day to run: a hybrid plenary in the morning (of <paramref name="plenary"/>'s kỳ họp when the day is one of its
    /// days), two Standing Committee sittings in the afternoon. The demo loads it for today and tomorrow, whatever day
    /// they are, so that there is always a sitting to run and one to prepare.
    /// </summary>
    public static IReadOnlyList<(string Id, SessionSpec Spec)> SessionsOn(DateOnly day, PlenaryRef? plenary = null)
    {
        DateTimeOffset At(int hour, int minute) => ParliamentTime.At(day, hour, minute);

        var committee = StandingCommittee();
        var stamp = day.ToString("yyyyMMdd");

        return
        [
            Plenary(day, plenary),
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

    /// <summary>The morning's plenary sitting in the hall, every delegation's point connected.</summary>
    public static (string Id, SessionSpec Spec) Plenary(DateOnly day, PlenaryRef? plenary) =>
        ($"ky-hop-{day:yyyyMMdd}", new SessionSpec(
            "Kỳ họp: phiên họp toàn thể tại hội trường, kết hợp trực tuyến",
            SessionKind.Plenary, SessionFormat.Hybrid, HallId,
            ParliamentTime.At(day, 8, 0), ParliamentTime.At(day, 11, 30), [.. ConnectionPoints().Select(p => p.Id)],
            [.. Delegates().Select(d => d.Id)], Quorum: null,
            VenueIds: ["nha-an-nha-quoc-hoi", "nha-hang-hoang-dieu"], PlenarySession: plenary));
}
