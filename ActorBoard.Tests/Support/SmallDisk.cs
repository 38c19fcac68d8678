using System.Diagnostics;

namespace ActorBoard.Tests.Support;

/// <summary>
/// A real filesystem of a few megabytes (a tmpfs mount in a temporary folder) that a spec can fill
/// to the last byte and free again. Mounting needs root; without it the specs that need a small
/// disk skip with a message, except under CI, where they must run.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private const int SizeMegabytes = 8;

    private SmallDisk(string folder) => Folder = folder;

    public string Folder { get; }

    private string Filler => Path.Combine(Folder, "filler");

    /// <summary>Why the specs cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        Environment.UserName == "root" || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : "Mounting a small tmpfs needs root; disk-full specs skipped.";

    public static SmallDisk Mount()
    {
        var folder = Directory.CreateTempSubdirectory("actorboard-small-disk-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={SizeMegabytes}m", "tmpfs", folder);
        return new SmallDisk(folder);
    }

    /// <summary>Bytes free on the filesystem now.</summary>
    public long FreeBytes => new DriveInfo(Folder).AvailableFreeSpace;

    /// <summary>Writes a file until the filesystem has no byte left, or only about <paramref name="leaving"/> bytes.</summary>
    public void Fill(long leaving = 0)
    {
        using var filler = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[64 * 1024];
        try
        {
            while (leaving == 0 || FreeBytes > leaving + block.Length)
            {
                filler.Write(block);
                filler.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // No space left on device: full.
        }
    }

    public void Free() => File.Delete(Filler);

    public void Dispose()
    {
        Run("umount", "--lazy", Folder);
        Directory.Delete(Folder);
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {errors}");
        }
    }
}
