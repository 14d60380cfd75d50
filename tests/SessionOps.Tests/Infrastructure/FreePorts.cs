using System.Net;
using System.Net.Sockets;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// Ports for the silos and servers a test starts. Orleans binds with SO_REUSEPORT, so two hosts on the
/// same port would share it silently: every host gets ports of its own. They come from below Linux's ephemeral range
/// (32768 and up), which the system hands to every outgoing connection and every listener on port 0: a port taken
/// from there and bound a moment later may meanwhile be some client's (seen as "address already in use").
/// </summary>
public static class FreePorts
{
    private const int First = 20_000;
    private const int Last = 32_000;
    private static int _next = First + (Environment.ProcessId % 100 * 100);

    public static int Next()
    {
        lock (typeof(FreePorts))
        {
            for (var tries = 0; tries < Last - First; tries++)
            {
                var port = _next;
                _next = _next >= Last ? First : _next + 1;
                if (Bindable(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException($"No free port between {First} and {Last}.");
        }
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
