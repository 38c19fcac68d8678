using System.ComponentModel.DataAnnotations;
using System.Numerics;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Serialization;
using ActorBoard.Actors.Storage;

namespace ActorBoard.Server;

/// <summary>The board's settings, bound from the <c>Board</c> configuration section and checked at start.</summary>
public sealed class BoardOptions
{
    public const string Section = "Board";

    /// <summary>Where the operator's paths are served unless <see cref="ManagementUrls"/> says otherwise: this machine only.</summary>
    public const string DefaultManagementUrls = "http://127.0.0.1:9000";

    /// <summary>The longest percent-encoded UTF-8 form of one character: 4 bytes, 3 characters each.</summary>
    private const int MaxEncodedBytesPerCharacter = 12;

    /// <summary>The most <see cref="MaxMessageLength"/> may be: 4-byte characters and their envelope within <see cref="WireBudget.MessageBytes"/>.</summary>
    public const int MaxMessageLengthLimit = (WireBudget.MessageBytes - WireBudget.MessageOverheadBytes) / 4;

    /// <summary>Room for the field name, separators and multipart headers around the message.</summary>
    private const int EnvelopeBytes = 1024;

    /// <summary>The SQLite or Npgsql connection string, taken from <c>ConnectionStrings:Board</c> (a relative SQLite file is taken from the content root).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary><c>Sqlite</c> (the default) keeps the board in a file, <c>Postgres</c> in a PostgreSQL database; <c>Memory</c> forgets it when the process ends.</summary>
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    /// <summary>
    /// Longest accepted message, in Unicode characters (code points). At most 16,379, so that one
    /// message in its longest form (4 bytes a character) fits what a page or a live batch may
    /// carry between cluster nodes (<see cref="WireBudget.MessageBytes"/>).
    /// </summary>
    [Range(1, MaxMessageLengthLimit)]
    public int MaxMessageLength { get; set; } = 10_000;

    /// <summary>Posts one client (IP address) may make per minute; <c>0</c> switches the limit off (benchmarks and load tests do).</summary>
    [Range(0, 1_000_000)]
    public int PostsPerMinutePerClient { get; set; } = 60;

    /// <summary>Requests worked on at once (live event streams not counted); more get 503 at once.</summary>
    [Range(1, 1_000_000)]
    public int MaxConcurrentRequests { get; set; } = 1024;

    /// <summary>Messages per page; <c>/</c> shows the newest this many.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 50;

    /// <summary>Most messages one board holds; a post beyond it gets 409 naming the limit, and the board stays readable. <c>0</c>: no limit.</summary>
    [Range(0, long.MaxValue)]
    public long MaxMessagesPerBoard { get; set; } = 1_000_000;

    /// <summary>
    /// New boards one client (an IPv4 address, an IPv6 /64) may open an hour, by posting to a board
    /// nobody posted to; one more gets 429 naming this limit. <c>0</c> switches the limit off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int NewBoardsPerHourPerClient { get; set; } = 30;

    /// <summary>Boards this deployment holds, all nodes together; a post that would open one more gets 409 naming the limit. <c>0</c>: no limit.</summary>
    [Range(0, long.MaxValue)]
    public long MaxBoards { get; set; } = 100_000;

    /// <summary>
    /// Free bytes the SQLite file's disk must keep for the boards that exist: below it a post that
    /// would open a new board gets 507, while posts to existing boards go on until the disk is
    /// really full. Not checked on PostgreSQL, whose disk the server cannot see.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MinFreeBytesForNewBoards { get; set; } = 64L * 1024 * 1024;

    /// <summary>Live event streams one client (an IPv4 address, an IPv6 /64) may hold open at once; <c>0</c> switches the limit off.</summary>
    [Range(0, 1_000_000)]
    public int MaxLiveStreamsPerClient { get; set; } = 10;

    /// <summary>Live event streams this node holds open at once, all clients together.</summary>
    [Range(1, 1_000_000)]
    public int MaxLiveStreams { get; set; } = 10_000;

    /// <summary>New messages buffered per live reader; a reader that falls further behind is cut off and resumes.</summary>
    [Range(1, 1_000_000)]
    public int LiveBufferSize { get; set; } = 1024;

    /// <summary>How often an idle live stream sends a comment line, so proxies and clients know it is alive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan LiveHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a request waits for the store before it is answered 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Newest messages a board keeps in memory and in its snapshots (on SQLite and PostgreSQL, which
    /// keep every board's history in a table beside the journal); older pages, old ids and far-behind
    /// live readers are read from the history. A message leaves memory only once the history holds it.
    /// </summary>
    [Range(1, 10_000_000)]
    public int WindowMessages { get; set; } = MessageStoreSettings.DefaultWindowMessages;

    /// <summary>The same bound in bytes of the messages' text (and ids and times): whichever is reached first.</summary>
    [Range(1, long.MaxValue)]
    public long WindowBytes { get; set; } = MessageStoreSettings.DefaultWindowBytes;

    /// <summary>Fewest messages between snapshots of a board (which wait for a window's worth, or a tenth of a whole board, beyond it).</summary>
    [Range(1, int.MaxValue)]
    public int SnapshotEvery { get; set; } = 1000;

    /// <summary>Posts that may wait for the journal at once; more are answered 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingAppends { get; set; } = 10_000;

    /// <summary>First pause before a stopped store (e.g. its storage failed) is started again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan StoreRestartMinBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest such pause; each failure in a row doubles it up to this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan StoreRestartMaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A board with no post, no read and no live reader for this long is passivated (unloaded from memory) until it is next used.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan IdleBoardTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>This node's place in the cluster (<c>Board:Cluster</c>).</summary>
    public BoardClusterOptions Cluster { get; set; } = new();

    /// <summary>
    /// The operator's listener, one or more http URLs separated by <c>;</c>, each with its own port:
    /// <c>/metrics</c>, <c>/api/cluster…</c> and the detailed readiness report are served there
    /// only (see <see cref="Operations.OperatorListener"/>). Empty serves them nowhere.
    /// </summary>
    public string ManagementUrls { get; set; } = DefaultManagementUrls;

    /// <summary>
    /// The bearer token the operator's moderation API (<c>/api/moderation…</c>, on the operator's
    /// listener only) asks for. None configured (the default): no moderation endpoints at all. Give
    /// it through an environment variable or a secrets file (<c>Board__ModerationToken</c>), never
    /// on a command line other users can read.
    /// </summary>
    public string? ModerationToken { get; set; }

    /// <summary>
    /// Reverse proxies (addresses such as <c>127.0.0.1</c>, networks such as <c>10.0.0.0/8</c>) whose
    /// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> name the client; none by default.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Serve <c>/metrics</c> in the Prometheus text format; <c>false</c> leaves it out (and measures nothing).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// The largest request body accepted: enough for the longest allowed message in its most
    /// expensive encoding, rounded up to a power of two (128 KiB for the default limit).
    /// </summary>
    public long MaxRequestBodyBytes =>
        (long)BitOperations.RoundUpToPowerOf2((ulong)((long)MaxMessageLength * MaxEncodedBytesPerCharacter + EnvelopeBytes));
}

/// <summary>
/// <c>Board:Cluster</c>: where this node's remoting listens and which nodes it joins. With no seed
/// nodes it forms a cluster of its own, which is how a single server runs.
/// </summary>
public sealed class BoardClusterOptions
{
    /// <summary>
    /// The address remoting listens on; keep it on a private network. Anything but loopback needs
    /// the cluster certificate (or <see cref="AllowUnauthenticatedRemoting"/>).
    /// </summary>
    [Required]
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>
    /// The address other nodes reach this one at, when it is not <see cref="Hostname"/>: needed when
    /// remoting listens on every interface (<c>0.0.0.0</c>, which is never advertised).
    /// </summary>
    public string? PublicHostname { get; set; }

    /// <summary>
    /// Lets remoting listen beyond loopback without the cluster certificate: anyone who reaches its
    /// port can then join the cluster and talk to the boards directly. Only for a network no one but
    /// the nodes can reach; a warning is logged at every start.
    /// </summary>
    public bool AllowUnauthenticatedRemoting { get; set; }

    /// <summary>Whether remoting listens on this machine only.</summary>
    private bool ListensOnLoopbackOnly =>
        Hostname.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(Hostname, out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>Whether remoting would listen beyond this machine with no certificate: anyone reaching its port could join.</summary>
    public bool RemotingOpenToStrangers => !ListensOnLoopbackOnly && string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>Whether remoting listens on every interface (an address no other node can reach it at).</summary>
    public static bool IsWildcard(string? hostname) => hostname is "0.0.0.0" or "::" or "[::]" or "*";

    /// <summary>The remoting port; 0 takes any free port (enough for a single node).</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Nodes to join, as <c>akka.tcp://actorboard@host:port</c> (<c>akka.ssl.tcp://…</c> with TLS); empty: this node forms its own cluster.</summary>
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>
    /// A PKCS#12 (.pfx) file holding the cluster's certificate and private key; when set, remoting
    /// speaks mutual TLS and accepts only peers presenting this same certificate.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate <see cref="CertificatePath"/> names, or null when remoting is plain TCP.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? LoadCertificate() =>
        string.IsNullOrWhiteSpace(CertificatePath)
            ? null
            : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
}
