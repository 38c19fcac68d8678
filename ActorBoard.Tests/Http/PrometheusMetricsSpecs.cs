using System.Globalization;
using System.Net;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// <c>/metrics</c> as Prometheus scrapes it, from a server process of its own (the board's meter
/// is per process, so no other spec's posts are counted), checked by Prometheus's own tool.
/// </summary>
public sealed class PrometheusMetricsSpecs : IAsyncLifetime
{
    /// <summary>Names of .NET's own runtime meter that promtool's naming rules flag; they are the runtime's standard names.</summary>
    private static readonly string[] RuntimeNamesPromtoolFlags = ["dotnet_assembly_count", "dotnet_process_cpu_count", "dotnet_timer_count"];

    private readonly TempDatabase _database = new();
    private ServerProcess? _server;
    private HttpClient? _client;
    private HttpClient? _operator;

    private HttpClient Client => _client!;

    private HttpClient Operator => _operator!;

    [SkippableFact]
    public async Task Metrics_pass_promtool_with_no_problem_in_the_boards_own_names()
    {
        Skip.If(Promtool.Unavailable is not null, Promtool.Unavailable);
        await Client.PostMessageAsync("measured");
        await Client.PostMessageAsync(""); // a rejected post, so every board instrument has a value

        var exposition = await Operator.GetStringAsync("/metrics");
        var problems = await Promtool.CheckMetricsAsync(exposition);

        Assert.Contains("# TYPE actorboard_posts_accepted_total counter", exposition);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", exposition);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", exposition);
        Assert.All(problems, problem => Assert.Contains(problem.Split(' ')[0], RuntimeNamesPromtoolFlags));
    }

    [Fact]
    public async Task The_posts_counter_moves_by_exactly_the_number_of_posts_accepted()
    {
        var before = await PostsAcceptedAsync();

        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.SeeOther, (await Client.PostMessageAsync($"counted {i}")).StatusCode);
        }

        await Client.PostMessageAsync(" "); // refused: not counted as accepted
        Assert.Equal(before + 7, await PostsAcceptedAsync());
    }

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(_database.ServerLaunch());
        _client = _server.CreateClient();
        _operator = _server.CreateManagementClient();
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        _operator?.Dispose();
        _server?.Dispose();
        _database.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The value of <c>actorboard_posts_accepted_total</c>, 0 before the first post.</summary>
    private async Task<double> PostsAcceptedAsync()
    {
        var exposition = await Operator.GetStringAsync("/metrics");
        var sample = exposition.Split('\n').SingleOrDefault(line => line.StartsWith("actorboard_posts_accepted_total", StringComparison.Ordinal));
        return sample is null ? 0 : double.Parse(sample.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
