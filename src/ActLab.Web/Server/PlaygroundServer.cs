using System.Net;
using System.Net.WebSockets;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActLab.Web.Server;

/// <summary>Options of <see cref="PlaygroundServer.Start"/>.</summary>
public sealed record ServerOptions
{
    /// <summary>Address to bind: 127.0.0.1 unless the user asks for another.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>Port (0: a free one).</summary>
    public int Port { get; init; }
    /// <summary>Most sessions (browser tabs) at once.</summary>
    public int MaxSessions { get; init; } = 32;
    /// <summary>A tab that sends nothing and is not training for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>Where exported run folders go.</summary>
    public string RunsDirectory { get; init; } = Path.Combine(Environment.CurrentDirectory, "playground-runs");
}

/// <summary>
/// The playground's web server: the page (embedded in this assembly), a WebSocket per tab at <c>/ws</c>, and nothing
/// else. Bound to 127.0.0.1 by default; every response carries a Content-Security-Policy that allows only this origin;
/// the WebSocket accepts only its own page's Origin, on a loopback name or an IP literal, so another site cannot drive
/// a session (nor through DNS rebinding).
/// </summary>
public sealed class PlaygroundServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SessionHost _sessions;

    private PlaygroundServer(WebApplication app, SessionHost sessions, Uri url)
    {
        _app = app;
        _sessions = sessions;
        Url = url;
    }

    /// <summary>The page's address.</summary>
    public Uri Url { get; }
    /// <summary>Frames per second a playing session sends at most.</summary>
    public const int MaxFps = SessionHost.MaxFps;
    /// <summary>Sessions open now.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>The Content-Security-Policy of every response: this origin only, no inline script, no external resource.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Starts the server and returns once it listens.</summary>
    public static async Task<PlaygroundServer> Start(ServerOptions options, CancellationToken cancellation = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (!IPAddress.TryParse(options.Host, out var address))
            address = options.Host == "localhost" ? IPAddress.Loopback : throw new ArgumentException($"--host must be an IP address; got '{options.Host}'.");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(address, options.Port);
            k.Limits.MaxRequestBodySize = 1 << 20;
        });
        var sessions = new SessionHost(options);
        builder.Services.AddSingleton(sessions);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h.XFrameOptions = "DENY";
            await next(context);
        });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.Map("/ws", sessions.Accept);
        app.MapGet("/api/meta", CatalogueApi.Meta);
        app.MapGet("/api/curve", (string? spec) => CatalogueApi.Curve(spec));
        app.MapGet("/api/texts", (string? lang) => CatalogueApi.Texts(lang));
        app.MapGet("/", () => Asset("index.html"));
        app.MapGet("/favicon.ico", () => Asset("favicon.svg"));
        app.MapGet("/{name}", (string name) => Asset(name));
        await app.StartAsync(cancellation);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(bound.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "[::1]") + "/");
        sessions.Port = url.Port;
        return new PlaygroundServer(app, sessions, url);
    }

    private static readonly Dictionary<string, string> Types = new()
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml", [".png"] = "image/png", [".ico"] = "image/x-icon",
    };

    private static IResult Asset(string name)
    {
        // Only the files embedded under wwwroot/ exist: no path reaches the disk.
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + name);
        if (stream is null || !Types.TryGetValue(Path.GetExtension(name), out var type)) return Results.NotFound();
        return Results.Stream(stream, type);
    }

    /// <summary>Stops accepting, closes every session and stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        _sessions.CloseAll();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
