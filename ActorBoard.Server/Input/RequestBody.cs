using System.Buffers;

namespace ActorBoard.Server.Input;

/// <summary>Reads a whole request body into memory, never more than a set number of bytes.</summary>
public static class RequestBody
{
    /// <summary>The body's bytes, or a problem when it is too large or broken off.</summary>
    public static async Task<(byte[]? Body, InputProblem? Problem)> ReadAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, InputProblem.TooLarge(maxBytes));
        }

        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(request.HttpContext.RequestAborted);
                var buffer = read.Buffer;
                if (buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(buffer.End);
                    return (null, InputProblem.TooLarge(maxBytes));
                }

                if (read.IsCompleted)
                {
                    var body = buffer.ToArray();
                    reader.AdvanceTo(buffer.End);
                    return (body, null);
                }

                // Nothing consumed yet: ask for more until the body is complete.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, InputProblem.TooLarge(maxBytes));
        }
        catch (BadHttpRequestException e)
        {
            return (null, new InputProblem(e.StatusCode, "The request body could not be read", e.Message));
        }
    }
}
