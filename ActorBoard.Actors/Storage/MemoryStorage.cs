using Akka.Hosting;
using Akka.Persistence.Hosting;

namespace ActorBoard.Actors.Storage;

/// <summary>The boards in Akka's in-memory journal and a list kept beside them: all gone when the process ends. For tests and throw-away runs.</summary>
public sealed class MemoryStorage : BoardStorage
{
    /// <summary>Each node would have a memory of its own: nothing to share.</summary>
    public override bool SharedByNodes => false;

    public override string? ConnectionProblem => null;

    public override string Description => "memory only: it is forgotten when the server stops";

    public override void Prepare()
    {
    }

    public override AkkaConfigurationBuilder WithJournal(AkkaConfigurationBuilder builder) =>
        builder.WithInMemoryJournal().WithInMemorySnapshotStore();

    public override Task<StorageProbe> ProbeAsync(TimeSpan patience) =>
        Task.FromResult(new StorageProbe(true, "The journal is in memory."));

    protected override BoardDirectory CreateDirectory() => new MemoryBoardDirectory();
}
