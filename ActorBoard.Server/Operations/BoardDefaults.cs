using Microsoft.Extensions.Configuration.Memory;

namespace ActorBoard.Server.Operations;

/// <summary>
/// The settings that matter even with no <c>appsettings.json</c> at all: where to listen, where the
/// board is kept, and quiet per-request logging. They sit below every other configuration source,
/// so <c>appsettings.json</c>, environment variables and the command line all override them.
/// </summary>
public static class BoardDefaults
{
    public const string Urls = "http://localhost:8000";
    public const string ConnectionString = "Data Source=data/actorboard.db";

    public static IConfigurationBuilder AddBoardDefaults(this ConfigurationManager configuration)
    {
        var defaults = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{BoardServices.ConnectionStringName}"] = ConnectionString,
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",

            // The host logs a failed start with its whole stack trace; the start-up failures an
            // operator can fix are said in one line by BoardStartup instead, and any other
            // failure still ends the process with its stack trace.
            ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical",
        };

        // A host that names its ports the ASP.NET way (ASPNETCORE_HTTP_PORTS, as container images
        // do) keeps them; otherwise the board listens where the README says.
        if (string.IsNullOrEmpty(configuration["http_ports"]) && string.IsNullOrEmpty(configuration["https_ports"]))
        {
            defaults["urls"] = Urls;
        }

        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
        return configuration;
    }
}
