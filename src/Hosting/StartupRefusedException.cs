namespace SessionOps.Hosting;

/// <summary>The start refused: the message names the key to set and how; the process prints it and exits non-zero.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
