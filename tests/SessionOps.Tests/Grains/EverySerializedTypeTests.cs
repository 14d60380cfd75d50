using System.Collections;
using System.Reflection;
using Orleans.Serialization;
using SessionOps.Boards;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Grains;

/// <summary>
/// Every type marked for Orleans' serializer in our assemblies, found by reflection and filled with a value in every
/// member, survives the serializer whole: a member added without its <c>[Id]</c>, or a type nobody thought to list,
/// fails here rather than losing state on a silo's restart.
/// </summary>
public sealed class EverySerializedTypeTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly Assembly[] Ours =
    [
        typeof(SessionBoard).Assembly,
        typeof(SessionOps.Boards.BoardEpochState).Assembly,
    ];

    public static TheoryData<string> SerializedTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in Types())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void Our_assemblies_have_serialized_types_to_check()
    {
        // Guards the reflection below: a rename of the attribute's namespace must not leave nothing to check.
        Assert.True(Types().Count() > 80, $"only {Types().Count()} serialized types found");
    }

    [Theory]
    [MemberData(nameof(SerializedTypes))]
    public void A_filled_value_round_trips_through_the_orleans_serializer(string typeName)
    {
        var type = Types().Single(t => t.FullName == typeName);
        var serializer = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<Serializer>();
        var filler = new Filler();
        var value = filler.Make(type);

        var copy = serializer.Deserialize<object>(serializer.SerializeToArray(value));

        Assert.NotNull(copy);
        Assert.Equal(type, copy.GetType());
        var json = Json(value);
        if (filler.Unfilled == 0)
        {
            // Filled, so that a member the serializer drops shows as a difference.
            Assert.DoesNotContain(":null", json);
        }

        Assert.Equal(json, Json(copy));
    }

    private static IEnumerable<Type> Types() => Ours.Distinct()
        .SelectMany(a => a.GetTypes())
        .Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null && !t.IsEnum && !t.IsAbstract && !t.ContainsGenericParameters)
        .OrderBy(t => t.FullName, StringComparer.Ordinal);

    /// <summary>What a value holds (computed properties left out: they follow from the rest).</summary>
    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value, value.GetType(), JsonOptions);

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { IgnoreReadOnlyProperties = true };

    /// <summary>Makes a value with every member set to something other than its default, each a little different.</summary>
    private sealed class Filler
    {
        private static readonly DateTimeOffset At = new(2026, 12, 2, 8, 0, 0, TimeSpan.FromHours(7));
        private int _next = 1;
        private readonly HashSet<Type> _making = [];

        /// <summary>Members left at their default: of an interface type (a grain reference), or a type that holds itself.</summary>
        public int Unfilled { get; private set; }

        public object Make(Type type) => Value(type) ?? throw new InvalidOperationException($"cannot make a {type}");

        private object? Value(Type type)
        {
            var n = _next++;
            if (Nullable.GetUnderlyingType(type) is { } inner)
            {
                return Value(inner);
            }

            if (type == typeof(string)) return $"v{n}";
            if (type == typeof(bool)) return true;
            if (type == typeof(int)) return n;
            if (type == typeof(long)) return (long)n * 1_000_000_007;
            if (type == typeof(double)) return n + 0.5;
            if (type == typeof(decimal)) return n + 0.25m;
            if (type == typeof(DateTimeOffset)) return At.AddMinutes(n);
            if (type == typeof(DateTime)) return At.UtcDateTime.AddMinutes(n);
            if (type == typeof(DateOnly)) return DateOnly.FromDateTime(At.DateTime).AddDays(n);
            if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(n);
            if (type == typeof(Guid)) return Guid.NewGuid();
            if (type == typeof(byte[])) return new byte[] { 1, 2, (byte)n };
            if (type.IsEnum)
            {
                var values = Enum.GetValues(type);
                return values.GetValue(values.Length - 1);
            }

            if (type.IsArray)
            {
                var element = type.GetElementType()!;
                var array = Array.CreateInstance(element, 1);
                array.SetValue(Value(element), 0);
                return array;
            }

            if (type.IsGenericType && type.GetGenericArguments() is { Length: 2 } pair && typeof(IDictionary).IsAssignableFrom(type))
            {
                var dictionary = (IDictionary)Activator.CreateInstance(type)!;
                dictionary[Value(pair[0])!] = Value(pair[1]);
                return dictionary;
            }

            if (type.IsGenericType && type.GetGenericArguments() is { Length: 1 } one && type.GetMethod("Add") is { } add && !type.IsInterface)
            {
                var collection = Activator.CreateInstance(type)!;
                add.Invoke(collection, [Value(one[0])]);
                return collection;
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() is var open &&
                (open == typeof(IReadOnlyList<>) || open == typeof(IList<>) || open == typeof(IEnumerable<>) || open == typeof(IReadOnlyCollection<>)))
            {
                return Value(type.GetGenericArguments()[0].MakeArrayType());
            }

            if (type.IsInterface || type.IsAbstract || !_making.Add(type))
            {
                Unfilled++;
                return null;
            }

            try
            {
                return Record(type);
            }
            finally
            {
                _making.Remove(type);
            }
        }

        private object Record(Type type)
        {
            var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
                .OrderByDescending(c => c.GetParameters().Length)
                .FirstOrDefault();
            var made = constructor is null
                ? Activator.CreateInstance(type, nonPublic: true)!
                : constructor.Invoke(constructor.GetParameters().Select(p => Value(p.ParameterType)).ToArray());
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.CanWrite && property.GetIndexParameters().Length == 0 && IsDefault(property.GetValue(made), property.PropertyType))
                {
                    property.SetValue(made, Value(property.PropertyType));
                }
            }

            return made;
        }

        private static bool IsDefault(object? value, Type type) =>
            value is null or "" || (type.IsValueType && Nullable.GetUnderlyingType(type) is null && value.Equals(Activator.CreateInstance(type))) ||
            value is ICollection { Count: 0 };
    }
}
