namespace ActorBoard.Tests.Support;

/// <summary>
/// Specs that observe something the whole process shares (its meters), so they run when no other
/// spec does: xunit runs a collection with parallelization disabled on its own, after the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Alone";
}
