namespace SessionOps;

/// <summary>The grain-storage provider every grain writes to; each mode registers it under this name.</summary>
public static class StorageNames
{
    public const string Main = "sessionops";
}
