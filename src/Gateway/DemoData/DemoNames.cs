namespace SessionOps.Gateway.DemoData;

/// <summary>
/// Invented Vietnamese names, none twice: the middle name agrees with the given name (Văn, Hữu, Đức for men; Thị, Thu,
/// Ngọc for women), and some delegates carry the names of the ethnic minorities of the northern mountains and the
/// Central Highlands (H'Mông, Thái, Tày, Ê Đê, Khmer), whose delegations elect them.
/// </summary>
public static class DemoNames
{
    private static readonly string[] Surnames =
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Trịnh", "Mai"];

    private static readonly string[] MaleMiddles = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Xuân", "Thanh", "Công", "Anh", "Bảo", "Trọng", "Mạnh"];
    private static readonly string[] FemaleMiddles = ["Thị", "Thu", "Ngọc", "Kim", "Thanh", "Minh", "Hồng", "Thúy", "Bích", "Phương"];

    private static readonly string[] MaleGivens =
        ["Bình", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Hiếu", "Đạt", "Cường", "Hòa", "Tâm", "Thành", "Tùng", "Lâm"];

    private static readonly string[] FemaleGivens =
        ["Chi", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Thảo", "Trang", "Vân", "Yến", "Thủy", "Hằng", "Huyền", "Nhung", "Oanh", "Loan", "Quyên", "Tâm", "Hòa"];

    /// <summary>Ethnic-minority names by the provinces that elect them: surnames, then middle and given names for men and for women.</summary>
    private static readonly (string[] Provinces, string[] Surnames, string Male, string[] MaleGivens, string Female, string[] FemaleGivens)[] Minorities =
    [
        (["lao-cai", "dien-bien", "lai-chau", "son-la", "tuyen-quang"], ["Giàng", "Sùng", "Vàng", "Thào", "Mùa", "Lầu"],
            "A", ["Chu", "Pó", "Súa", "Pàng", "Sểnh", "Dế"], "Thị", ["Dua", "Mỷ", "Xá", "Dợ", "Pằng"]),
        (["son-la", "dien-bien", "lai-chau", "thanh-hoa", "nghe-an"], ["Lò", "Cầm", "Lường", "Quàng", "Tòng"],
            "Văn", ["Pọm", "Ươi", "Hoan", "Ún", "Pành"], "Thị", ["Hiên", "Thoa", "Ơn", "Bun", "Én"]),
        (["cao-bang", "lang-son", "thai-nguyen", "tuyen-quang"], ["Nông", "Ma", "Lục", "Bế", "Lành"],
            "Văn", ["Páo", "Thuận", "Chiến", "Diện", "Pình"], "Thị", ["Hằng", "Lịch", "Nhàn", "Thơm", "Slao"]),
        (["dak-lak", "gia-lai", "lam-dong"], ["Niê", "Êban", "Mlô", "Ksor", "Rơ Châm"],
            "Y", ["Blum", "Khoa", "Thông", "Pơk", "Kông"], "H'", ["Ngân", "Hiền", "Ble", "Yim", "Lin"]),
        (["vinh-long", "an-giang", "can-tho", "ca-mau"], ["Thạch", "Sơn", "Danh", "Lâm", "Kim"],
            "", ["Sa Rây", "Chanh Đa", "Sóc Khưa", "Phol", "Sà Rươn"], "Thị", ["Ngọc Sương", "Sa Phia", "Sô Phi", "Chanh Thu"]),
    ];

    /// <summary>Names for <paramref name="count"/> delegates of one province, none equal to one already in <paramref name="taken"/>.</summary>
    public static IEnumerable<string> For(string provinceSlug, int count, Random random, HashSet<string> taken)
    {
        var minority = Minorities.Where(m => m.Provinces.Contains(provinceSlug)).ToArray();
        for (var n = 0; n < count; n++)
        {
            string name;
            do
            {
                name = minority.Length > 0 && random.Next(3) == 0
                    ? Minority(minority[random.Next(minority.Length)], random)
                    : Kinh(random);
            }
            while (!taken.Add(name));

            yield return name;
        }
    }

    private static string Kinh(Random random)
    {
        var surname = Surnames[random.Next(Surnames.Length)];
        return random.Next(2) == 0
            ? $"{surname} {MaleMiddles[random.Next(MaleMiddles.Length)]} {MaleGivens[random.Next(MaleGivens.Length)]}"
            : $"{surname} {FemaleMiddles[random.Next(FemaleMiddles.Length)]} {FemaleGivens[random.Next(FemaleGivens.Length)]}";
    }

    private static string Minority(
        (string[] Provinces, string[] Surnames, string Male, string[] MaleGivens, string Female, string[] FemaleGivens) people, Random random)
    {
        var surname = people.Surnames[random.Next(people.Surnames.Length)];
        var female = random.Next(2) == 0;
        var given = female ? people.FemaleGivens[random.Next(people.FemaleGivens.Length)] : people.MaleGivens[random.Next(people.MaleGivens.Length)];
        var middle = female ? people.Female : people.Male;
        return middle switch
        {
            // Ê Đê and Gia Rai names put the given name first and the clan name last: Y Khoa Niê, H'Ngân Êban.
            "Y" or "H'" => $"{(female ? "H'" : "Y ")}{given} {surname}",
            "" => $"{surname} {given}",
            _ => $"{surname} {middle} {given}",
        };
    }
}
