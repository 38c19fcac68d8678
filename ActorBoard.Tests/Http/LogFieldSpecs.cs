using ActorBoard.Server.Operations;

namespace ActorBoard.Tests.Http;

/// <summary>What a request sends can neither forge nor flood a log line.</summary>
public sealed class LogFieldSpecs
{
    [Fact]
    public void Control_characters_from_a_request_become_question_marks_in_the_log()
    {
        Assert.Equal("/b/x??info: forged line", LogField.Clean("/b/x\r\ninfo: forged line"));
    }

    [Fact]
    public void A_long_value_from_a_request_is_cut_in_the_log()
    {
        var cleaned = LogField.Clean(new string('a', 10_000));

        Assert.Equal(LogField.MaxLength + 1, cleaned.Length);
        Assert.EndsWith("…", cleaned);
    }
}
