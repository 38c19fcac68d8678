using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Storage;
using ActorBoard.Server.Input;
using ActorBoard.Server.Operations;
using ActorBoard.Server.Page;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Api;

/// <summary>
/// A message as the JSON API shows it; <c>postedAt</c> is UTC, written with a trailing Z. A message
/// the operator removed keeps its place in lists as <c>{"id", "postedAt", "removed": true}</c>, without text.
/// </summary>
public sealed record MessageResource(
    long Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    DateTime PostedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Removed { get; init; }

    public static MessageResource From(BoardMessage message) =>
        message.IsRemoved
            ? new(message.Id, null, message.PostedAt.UtcDateTime) { Removed = true }
            : new(message.Id, message.Text, message.PostedAt.UtcDateTime);
}

public sealed record MessageList(IReadOnlyList<MessageResource> Messages);

public sealed record PostMessageRequest(string? Text);

/// <summary>
/// The JSON API: the default board's messages under <c>/api/messages</c>, any other board's under
/// <c>/api/boards/{name}/messages</c>. Errors are RFC 9457 problem details.
/// </summary>
public static class MessagesApiEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/api/messages", $"/api/boards/{{{BoardPaths.NameRouteValue}}}/messages" })
        {
            var messages = app.MapGroup(prefix);
            messages.MapGet("/", ListMessages);
            messages.MapGet("/{id:long}", GetMessage);
            messages.MapPost("/", PostMessage).RequireRateLimiting(PostRateLimits.Policy);
        }

        return app;
    }

    private static async Task<IResult> ListMessages(
        HttpRequest request, IRequiredActor<BoardRegion> boards, KnownBoards known, BoardStorage storage, IOptions<BoardOptions> options, CancellationToken aborted)
    {
        var name = BoardPaths.Board(request.HttpContext);
        if (!TryReadQuery(request, "after", 0, 0, long.MaxValue, out var after, out var problem)
            || !TryReadQuery(request, "before", long.MaxValue, 1, long.MaxValue, out var before, out problem)
            || !TryReadQuery(request, "limit", DefaultLimit, 1, MaxLimit, out var limit, out problem))
        {
            return problem;
        }

        if (request.Query.ContainsKey("after") && request.Query.ContainsKey("before"))
        {
            return Results.Problem("Use either 'after' or 'before', not both.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid query");
        }

        var query = request.Query.ContainsKey("before") ? new GetMessages(name, null, before, (int)limit) : new GetMessages(name, after, null, (int)limit);
        var page = await boards.ReadPageAsync(known, storage.History, query, options.Value, aborted);
        return Results.Ok(ToList(page.Messages));
    }

    private static async Task<IResult> GetMessage(
        long id, HttpContext context, IRequiredActor<BoardRegion> boards, KnownBoards known, BoardStorage storage, IOptions<BoardOptions> options, CancellationToken aborted)
    {
        var name = BoardPaths.Board(context);
        return await boards.FindAsync(known, storage.History, name, id, options.Value, aborted) switch
        {
            null => Results.Problem($"There is no message {id}.", statusCode: StatusCodes.Status404NotFound, title: "Message not found"),
            { IsRemoved: true } => Results.Problem($"Message {id} was removed by the operator.", statusCode: StatusCodes.Status410Gone, title: "Message removed"),
            var message => Results.Ok(MessageResource.From(message)),
        };
    }

    private static async Task<IResult> PostMessage(
        HttpRequest request,
        IRequiredActor<BoardRegion> boards,
        IOptions<BoardOptions> options,
        IOptions<JsonOptions> json)
    {
        var settings = options.Value;
        var name = BoardPaths.Board(request.HttpContext);
        var (key, keyProblem) = PostKeys.ForApi(request);
        var (text, problem) = keyProblem is not null
            ? (null, InputProblem.BadRequest(keyProblem))
            : await ReadText(request, settings, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return PostRefusal.Refuse(request.HttpContext, problem).AsProblemDetails();
        }

        var (reply, refusal) = await BoardPosting.PostAsync(request.HttpContext, boards, name, text!, key, settings);
        switch (reply)
        {
            case null:
                return refusal!.AsProblemDetails();
            case AppendRejected rejected:
                return PostRefusal.Unavailable(request.HttpContext, rejected).AsProblemDetails();
            case BoardFull full:
                return PostRefusal.Full(request.HttpContext, full).AsProblemDetails();
            case BoardClosedToPosts:
                return PostRefusal.Closed(request.HttpContext).AsProblemDetails();
            case KeyAlreadyUsed used:
                return PostRefusal.Refuse(request.HttpContext, new InputProblem(
                    StatusCodes.Status422UnprocessableEntity,
                    "Idempotency key already used",
                    $"This {PostKeys.HeaderName} was first used for a different message ({BoardPaths.Messages(name)}/{used.MessageId}); nothing was stored. Use a new key for a new message.")).AsProblemDetails();
            case MessageAppended { Message: var stored }:
                return Results.Created($"{BoardPaths.Messages(name)}/{stored.Id}", MessageResource.From(stored));
            case var other:
                throw new InvalidOperationException($"Unexpected answer to an append: {other}");
        }
    }

    private static async Task<(string? Text, InputProblem? Problem)> ReadText(HttpRequest request, BoardOptions settings, JsonSerializerOptions json)
    {
        if (!request.HasJsonContentType())
        {
            return (null, InputProblem.UnsupportedMediaType("application/json, like {\"text\": \"Hello\"}"));
        }

        var (body, problem) = await RequestBody.ReadAsync(request, settings.MaxRequestBodyBytes);
        if (body is null)
        {
            return (null, problem);
        }

        PostMessageRequest? posted;
        try
        {
            posted = JsonSerializer.Deserialize<PostMessageRequest>(body, json);
        }
        catch (JsonException e)
        {
            return (null, InputProblem.BadRequest($"The body is not valid JSON for a message: {e.Message}"));
        }

        if (posted?.Text is not { } text)
        {
            return (null, InputProblem.BadRequest("The JSON body needs a \"text\" string, like {\"text\": \"Hello\"}."));
        }

        return MessageText.Problem(text, settings.MaxMessageLength) is { } textProblem
            ? (null, InputProblem.BadRequest(textProblem))
            : (text, null);
    }

    private static bool TryReadQuery(HttpRequest request, string name, long fallback, long min, long max, out long value, out IResult problem)
    {
        problem = Results.Empty;
        value = fallback;
        if (QueryNumber.TryRead(request.Query, name, out var given) && (given is null || (given >= min && given <= max)))
        {
            value = given ?? fallback;
            return true;
        }

        problem = Results.Problem(
            $"'{name}' must be one whole number from {min} to {max}.",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid query");
        return false;
    }

    private static MessageList ToList(ImmutableArray<BoardMessage> messages) =>
        new(messages.Select(MessageResource.From).ToList());
}
