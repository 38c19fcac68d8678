namespace ActorBoard.Tests.Support;

/// <summary>One in-memory board shared by the specs of a class that only add to it and read their own posts.</summary>
public sealed class SharedBoard : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory();

    public SharedBoard() => Client = _server.CreateBoardClient();

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        _server.Dispose();
    }
}
