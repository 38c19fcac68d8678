namespace ActorBoard.Server.Input;

/// <summary>Why a request's input was refused: the status to answer and a sentence a person can act on.</summary>
public sealed record InputProblem(int StatusCode, string Title, string Detail)
{
    /// <summary>A short name for logs and metrics; by default the status's usual reason.</summary>
    public string Reason { get; init; } = StatusCode switch
    {
        StatusCodes.Status403Forbidden => "cross-site",
        StatusCodes.Status409Conflict => "board-full",
        StatusCodes.Status413PayloadTooLarge => "too-large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-type",
        StatusCodes.Status422UnprocessableEntity => "key-reused",
        StatusCodes.Status429TooManyRequests => "rate-limited",
        StatusCodes.Status503ServiceUnavailable => "unavailable",
        _ => "bad-input",
    };

    /// <summary>When set, the answer carries <c>Retry-After</c> with this many seconds.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static InputProblem BadRequest(string detail) =>
        new(StatusCodes.Status400BadRequest, "The message was not posted", detail);

    public static InputProblem TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "The request is too large",
            $"The request body is larger than {maxBytes} bytes, more than the longest allowed message needs.");

    public static InputProblem UnsupportedMediaType(string expected) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", $"Send the request body as {expected}.");
}
