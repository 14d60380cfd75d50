using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace SessionOps.Tests.Infrastructure;

/// <summary>A grain's state as the Gateway's storage holds it, read and written past the grain (what a previous version left).</summary>
public static class StoredStates
{
    public static async Task<T> Stored<T>(this GatewayHost host, IAddressable grain, string stateName)
        where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage(host).ReadStateAsync(stateName, grain.GetGrainId(), state);
        return state.State!;
    }

    public static Task Store<T>(this GatewayHost host, IAddressable grain, string stateName, T value) =>
        Storage(host).WriteStateAsync(stateName, grain.GetGrainId(), new GrainState<T>(value));

    private static IGrainStorage Storage(GatewayHost host) => host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Main);
}
