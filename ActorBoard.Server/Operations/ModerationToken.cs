using System.Security.Cryptography;
using System.Text;

namespace ActorBoard.Server.Operations;

/// <summary>
/// The guard of the moderation API: a request passes with <c>Authorization: Bearer {token}</c>
/// naming <see cref="BoardOptions.ModerationToken"/>, and is answered 401 otherwise. Both tokens
/// are hashed before they are compared, in constant time: how long the comparison takes says
/// nothing about how much of a guess was right, nor how long the token is.
/// </summary>
public sealed class ModerationToken(string token) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (Matches(http.Request.Headers.Authorization.ToString()))
        {
            return await next(context);
        }

        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<ModerationToken>()
            .LogWarning("Refused a moderation request without the operator's token (client {Client}, {Path})", ClientAddress.Of(http), LogField.PathOf(http));
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"moderation\"";
        return Results.Problem(
            "Moderation needs the operator's token: send 'Authorization: Bearer' with the value of Board:ModerationToken.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Not authorized");
    }

    private bool Matches(string authorization) =>
        authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
        && CryptographicOperations.FixedTimeEquals(_expected, SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim())));
}
