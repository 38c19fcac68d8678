using System.ComponentModel;
using System.Reflection;
using ActorBoard.Actors.Storage;

namespace ActorBoard.Server.Operations;

/// <summary>
/// Checks, before anything reads them, that the settings the board and its logging take have
/// values of the right kind: <c>--Board:PageSize=abc</c> or <c>--Logging:LogLevel:Akka=Info</c>
/// stop the start with one sentence naming the setting and what it takes, where the binder would
/// throw from deep inside the host.
/// </summary>
public static class SettingTypes
{
    private static readonly string LogLevels = string.Join(", ", Enum.GetNames<LogLevel>());

    /// <summary>Throws <see cref="BoardStartupException"/> for the first setting whose value cannot be read as its kind.</summary>
    public static void Verify(IConfiguration configuration)
    {
        if ((Problem(configuration.GetSection(BoardOptions.Section), typeof(BoardOptions)) ?? LogLevelProblem(configuration.GetSection("Logging"))) is { } problem)
        {
            throw new BoardStartupException(problem);
        }
    }

    private static string? Problem(IConfigurationSection section, Type options)
    {
        foreach (var child in section.GetChildren())
        {
            var property = options.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type is null || type == typeof(string) || type.IsGenericType)
            {
                continue; // not a setting of the board's, free text, or a list of text
            }

            if (type.IsClass)
            {
                if (Problem(child, type) is { } nested)
                {
                    return nested;
                }
            }
            else if (child.Value is { } value && !Readable(type, value))
            {
                return $"{child.Path} is '{value}', which is not {Kind(type)}.";
            }
        }

        return null;
    }

    /// <summary><c>Logging:LogLevel:*</c> and each provider's <c>Logging:{Provider}:LogLevel:*</c>.</summary>
    private static string? LogLevelProblem(IConfigurationSection logging) =>
        logging.GetChildren()
            .SelectMany(child => child.Key.Equals("LogLevel", StringComparison.OrdinalIgnoreCase) ? child.GetChildren() : child.GetSection("LogLevel").GetChildren())
            .Where(level => level.Value is { } value && !Enum.TryParse<LogLevel>(value, ignoreCase: true, out _))
            .Select(level => $"{level.Path} is '{level.Value}', which is not a log level: use one of {LogLevels}.")
            .FirstOrDefault();

    /// <summary>Whether the configuration binder reads <paramref name="value"/> as <paramref name="type"/>: as it does, invariant culture, enum names in any case.</summary>
    private static bool Readable(Type type, string value)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: true, out _);
        }

        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string Kind(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration such as 00:00:30 (hours:minutes:seconds)",
        { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ => $"a {type.Name}",
    };
}
