using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace ActorBoard.Tests.Support;

/// <summary>
/// Akka's in-memory journal with a gate in front of every write: while <see cref="Close"/>d, a
/// write waits, so a spec can hold an append "in flight" for exactly as long as it needs and
/// see what the store does meanwhile, without a timer. One spec class at a time uses the gate.
/// </summary>
public sealed class GatedJournal : MemoryJournal
{
    /// <summary>TestKit configuration: this journal for every persistent actor, Akka's in-memory snapshot store.</summary>
    public static readonly string Config = $$"""
        akka.persistence.journal.plugin = "akka.persistence.journal.gated"
        akka.persistence.journal.gated {
          class = "{{typeof(GatedJournal).AssemblyQualifiedName}}"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private static volatile TaskCompletionSource _gate = Opened();

    /// <summary>Writes from now on wait until <see cref="Open"/>.</summary>
    public static void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every waiting write, and every later one, through.</summary>
    public static void Open() => _gate.TrySetResult();

    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        return await base.WriteMessagesAsync(messages, cancellationToken);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
