using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Fixtures;
using Akka.Actor;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ActorBoard.Tests.Support;

/// <summary>
/// The real server (Program, its configuration and Akka wiring) on real Kestrel, on a free
/// loopback port. Each instance is a separate board with its own actor system.
/// </summary>
public sealed class BoardServer : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private BoardServer(Dictionary<string, string?> settings)
    {
        var managementPort = FreePort.Next();
        settings.TryAdd("Board:ManagementUrls", $"http://127.0.0.1:{managementPort}");
        _settings = settings;
        ManagementAddress = new Uri($"http://127.0.0.1:{managementPort}");
        // Listen through Kestrel's options rather than UseKestrel(port): the latter rewrites the
        // server's addresses after Build(), which can race the host's own start. The operator's
        // listener is a second endpoint, as Board:ManagementUrls makes it in the real server.
        UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, managementPort);
        });
        StartServer();
        Address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address)).First(address => address.Port != managementPort);
        WaitUntilClusterMember();
    }

    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(30);

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; }

    /// <summary>The operator's listener: <c>/metrics</c>, <c>/api/cluster…</c>, the detailed readiness report.</summary>
    public Uri ManagementAddress { get; }

    /// <summary>A board on Akka's in-memory journal.</summary>
    public static BoardServer InMemory(params (string Key, string Value)[] settings) =>
        new(With(settings, ("Board:Storage", "Memory"), NoPostRateLimit, NoNewBoardRateLimit));

    /// <summary>A board on a SQLite file, as in production.</summary>
    public static BoardServer OnSqlite(TempDatabase database, params (string Key, string Value)[] settings) =>
        new(With(settings, ("Board:Storage", "Sqlite"), ("ConnectionStrings:Board", database.ConnectionString), NoPostRateLimit, NoNewBoardRateLimit));

    /// <summary>A board on a PostgreSQL database, as a cluster runs it.</summary>
    public static BoardServer OnPostgres(string connectionString, params (string Key, string Value)[] settings) =>
        new(With(settings, ("Board:Storage", "Postgres"), ("ConnectionStrings:Board", connectionString), NoPostRateLimit, NoNewBoardRateLimit));

    /// <summary>Every spec's requests come from 127.0.0.1; the per-client limit is switched off unless a spec sets one.</summary>
    private static (string, string) NoPostRateLimit => ("Board:PostsPerMinutePerClient", "0");

    /// <summary>Specs open many boards from 127.0.0.1; the per-client rate of new boards is switched off unless a spec sets one.</summary>
    private static (string, string) NoNewBoardRateLimit => ("Board:NewBoardsPerHourPerClient", "0");

    /// <summary>
    /// Stops the default board's store the way a failed journal write stops it (its supervisor
    /// then starts it again after <c>Board:StoreRestartMinBackoff</c>); returns once it has stopped.
    /// </summary>
    public async Task StopTheDefaultStoreAsync()
    {
        // Once the board holds a message, its store exists (reads of a board nobody posted to start nothing).
        using var client = CreateBoardClient();
        await Eventually.Until(
            async () => (await client.PostAsync("/api/messages", new StringContent("{\"text\":\"the board exists\"}", System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(20));

        var system = Services.GetRequiredService<ActorSystem>();
        var path = $"/system/sharding/{BoardRegionHosting.RegionName}/*/{BoardName.Default}/{BoardRegionHosting.StoreChildName}";
        var store = await system.ActorSelection(path).ResolveOne(TimeSpan.FromSeconds(5));
        var stopped = store.WatchAsync();
        store.Tell(PoisonPill.Instance);
        await stopped;
    }

    /// <summary>The node joins its one-node cluster just after start; specs begin once it is an Up member, as a load balancer waits for /readyz.</summary>
    private void WaitUntilClusterMember()
    {
        var cluster = Akka.Cluster.Cluster.Get(Services.GetRequiredService<ActorSystem>());
        using var up = new ManualResetEventSlim();
        cluster.RegisterOnMemberUp(up.Set);
        if (!up.Wait(StartupLimit))
        {
            throw new TimeoutException($"The board's node did not become an Up cluster member within {StartupLimit}.");
        }
    }

    /// <summary>
    /// The journal's first write after start creates its tables and compiles its queries, which on
    /// a busy machine can outlast a short <c>Board:AskTimeout</c> (the post is then answered 503 and
    /// committed later). Specs with short timeouts write once to a board of their own first.
    /// </summary>
    public async Task WarmUpJournalAsync()
    {
        using var client = CreateBoardClient();
        await Eventually.Until(
            async () => (await client.PostAsync("/b/warm-up", new FormUrlEncodedContent([KeyValuePair.Create("message", "warm-up")]))).StatusCode == HttpStatusCode.SeeOther,
            TimeSpan.FromSeconds(30));
    }

    /// <summary>A client of the operator's listener.</summary>
    public HttpClient CreateManagementClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = ManagementAddress };

    /// <summary>A client that does not follow redirects, so tests see the 303 itself.</summary>
    public HttpClient CreateBoardClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static Dictionary<string, string?> With((string Key, string Value)[] overrides, params (string Key, string Value)[] defaults)
    {
        var settings = defaults.ToDictionary(s => s.Key, s => (string?)s.Value);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}

/// <summary>Small helpers that read like the requests a browser or script makes.</summary>
public static class BoardClient
{
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, params (string Name, string Value)[] fields) =>
        client.PostAsync("/", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    public static Task<HttpResponseMessage> PostMessageAsync(this HttpClient client, string message) =>
        client.PostFormAsync(("message", message));

    /// <summary>Posts, and posts again while the board answers 503 (a storage fault clearing up), up to 10 s.</summary>
    public static async Task<HttpResponseMessage> PostUntilAcceptedAsync(this HttpClient client, string message)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.PostMessageAsync(message);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 40)
            {
                return response;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string body, string contentType)
    {
        var content = new StringContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync("/", content);
    }

    /// <summary>
    /// Every message of the default board, page by page. A 503 (a board still recovering after a
    /// restart, on a busy machine) is asked again after its <c>Retry-After</c>, as any client
    /// should, for up to 30 s; any other failure fails.
    /// </summary>
    public static async Task<IReadOnlyList<ApiMessage>> ListAllAsync(this HttpClient client)
    {
        var all = new List<ApiMessage>();
        var patience = Stopwatch.StartNew();
        while (true)
        {
            var after = all.Count == 0 ? 0 : all[^1].Id;
            using var answer = await client.GetAsync($"/api/messages?after={after}&limit=1000");
            if (answer.StatusCode == HttpStatusCode.ServiceUnavailable && patience.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(answer.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            var page = await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ApiMessageList>();
            if (page!.Messages.Count == 0)
            {
                return all;
            }

            all.AddRange(page.Messages);
        }
    }
}

public sealed record ApiMessage(long Id, string Text, DateTime PostedAt)
{
    /// <summary>The operator removed it: it keeps its place, without text.</summary>
    public bool Removed { get; init; }
}

public sealed record ApiMessageList(IReadOnlyList<ApiMessage> Messages);
