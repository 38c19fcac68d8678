using ActorBoard.Server;

var builder = WebApplication.CreateBuilder(args);
builder.AddBoard();

var app = builder.Build();
app.UseBoard();
app.MapBoard();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
