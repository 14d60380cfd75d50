using System.Net;
using System.Net.Sockets;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// Ports for the silos and servers a test starts. Orleans binds with SO_REUSEPORT, so two hosts on the
/// same port would share it silently: every host gets ports of its own.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
