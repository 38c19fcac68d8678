namespace ActorBoard.Tests.Support;

/// <summary>TestKit configuration for actor specs: Akka's in-memory journal and snapshot store.</summary>
public static class InMemoryJournal
{
    public const string Config = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;
}
