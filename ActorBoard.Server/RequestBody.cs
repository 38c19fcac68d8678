namespace ActorBoard.Server;

/// <summary>Reads a whole request body into memory, never more than a set number of bytes.</summary>
public static class RequestBody
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>The body's bytes, or a problem when it is too large or broken off.</summary>
    public static async Task<(byte[]? Body, InputProblem? Problem)> ReadAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, InputProblem.TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, InputProblem.TooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
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

        return (buffer.ToArray(), null);
    }
}
