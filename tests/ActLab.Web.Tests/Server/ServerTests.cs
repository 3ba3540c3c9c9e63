using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ActLab.Web.Playground;
using ActLab.Web.Server;

namespace ActLab.Web.Tests.Server;

/// <summary>The server over real loopback sockets: headers, origin checks, malformed input, floods, closed tabs, limits.</summary>
public class ServerTests
{
    internal static async Task<ClientWebSocket> Connect(PlaygroundServer server, string? origin = null)
    {
        var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Origin", origin ?? server.Url.GetLeftPart(UriPartial.Authority));
        await ws.ConnectAsync(new Uri($"ws://{server.Url.Authority}/ws"), CancellationToken.None);
        return ws;
    }

    /// <summary>Reads messages until one satisfies <paramref name="until"/>: text as JSON, binary frames decoded.</summary>
    internal static async Task<JsonObject> Read(ClientWebSocket ws, Func<JsonObject, bool> until, int timeoutMs = 20_000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        var buffer = new byte[1 << 20];
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult r;
            do
            {
                r = await ws.ReceiveAsync(buffer, cts.Token);
                if (r.MessageType == WebSocketMessageType.Close) throw new WebSocketException($"closed: {r.CloseStatus} {r.CloseStatusDescription}");
                message.Write(buffer, 0, r.Count);
            } while (!r.EndOfMessage);
            var m = r.MessageType == WebSocketMessageType.Text
                ? JsonNode.Parse(message.ToArray())!.AsObject()
                : FrameEncoder.Decode(message.ToArray()).Header;
            if (until(m)) return m;
        }
    }

    internal static Task Send(ClientWebSocket ws, string json) => ws.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    private static bool Is(JsonObject m, string type) => m["type"]?.GetValue<string>() == type;

    [Fact]
    public async Task The_page_is_served_from_loopback_with_a_strict_content_security_policy()
    {
        await using var server = await PlaygroundServer.Start(new ServerOptions());
        Assert.Equal("127.0.0.1", server.Url.Host);
        using var http = new HttpClient();
        var page = await http.GetAsync(server.Url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        string html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));
        Assert.DoesNotContain("https://", html);
        foreach (var asset in new[] { "app.js", "style.css", "favicon.svg" })
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(server.Url, asset))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(server.Url, "ActLab.Web.dll"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(server.Url, "..%2f..%2fetc%2fpasswd"))).StatusCode);
        // Nothing that changes state is a GET, and nothing else takes a POST.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync(server.Url, new StringContent("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri(server.Url, "ws"))).StatusCode);
    }

    [Fact]
    public async Task A_socket_from_another_origin_is_refused()
    {
        await using var server = await PlaygroundServer.Start(new ServerOptions());
        var e = await Assert.ThrowsAsync<WebSocketException>(() => Connect(server, "http://evil.example"));
        Assert.Contains("403", e.Message);
        Assert.Equal(0, server.SessionCount);
    }

    [Fact]
    public async Task The_page_may_connect_by_its_loopback_names_and_no_rebound_name_may()
    {
        await using var server = await PlaygroundServer.Start(new ServerOptions());
        int port = server.Url.Port;
        var host = new SessionHost(new ServerOptions()) { Port = port };
        Assert.True(host.OriginAllowed($"http://127.0.0.1:{port}", $"127.0.0.1:{port}"));
        Assert.True(host.OriginAllowed($"http://localhost:{port}", $"localhost:{port}"));
        Assert.True(host.OriginAllowed($"http://[::1]:{port}", $"[::1]:{port}"));
        Assert.True(host.OriginAllowed($"http://192.168.1.7:{port}", $"192.168.1.7:{port}")); // --host: another machine by IP
        Assert.False(host.OriginAllowed($"http://evil.example:{port}", $"evil.example:{port}")); // DNS rebinding
        Assert.False(host.OriginAllowed($"http://evil.example", $"127.0.0.1:{port}"));
        Assert.False(host.OriginAllowed($"http://localhost:{port + 1}", $"localhost:{port}"));
        Assert.False(host.OriginAllowed("null", $"127.0.0.1:{port}"));
        Assert.False(host.OriginAllowed("", $"127.0.0.1:{port}"));
        // And for real, through localhost.
        using var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Origin", $"http://localhost:{port}");
        await ws.ConnectAsync(new Uri($"ws://localhost:{port}/ws"), CancellationToken.None);
        await Read(ws, m => Is(m, "reset"));
    }

    [Fact]
    public async Task A_session_answers_with_its_network_and_trains_on_play()
    {
        await using var server = await PlaygroundServer.Start(new ServerOptions());
        using var ws = await Connect(server);
        var reset = await Read(ws, m => Is(m, "reset"));
        Assert.Equal("circle", reset["settings"]!["dataset"]!.GetValue<string>());
        await Send(ws, """{"type":"play"}""");
        var frame = await Read(ws, m => Is(m, "frame") && m["epoch"]!.GetValue<int>() >= 20);
        Assert.True(frame["playing"]!.GetValue<bool>());
        await Send(ws, """{"type":"pause"}""");
        await Read(ws, m => Is(m, "frame") && !m["playing"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Malformed_and_out_of_range_messages_get_an_error_and_the_session_goes_on()
    {
        await using var server = await PlaygroundServer.Start(new ServerOptions());
        using var ws = await Connect(server);
        await Read(ws, m => Is(m, "reset"));
        foreach (var bad in new[] { "not json", "[1,2]", """{"type":"dance"}""", """{"type":"weight","net":0,"layer":"x"}""",
                     """{"type":"settings","settings":{"points":1e9}}""", """{"type":"settings","settings":{"hidden":[4],"bogus":1}}""",
                     """{"type":"step","epochs":-3}""", """{"type":"settings"}""" })
        {
            await Send(ws, bad);
            var error = await Read(ws, m => Is(m, "error"));
            Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()), bad);
        }
        await Send(ws, """{"type":"settings","settings":{"points":100000}}""");
        var message = await Read(ws, m => Is(m, "error"));
        Assert.Equal("points", message["field"]!.GetValue<string>());
        await Send(ws, """{"type":"step","epochs":3}""");
        await Read(ws, m => Is(m, "frame") && m["epoch"]!.GetValue<int>() == 3);
    }

    [Fact]
    public async Task A_message_over_the_limit_closes_the_socket_with_the_reason()
    {
        await using var server = await PlaygroundServer.Start(new ServerOptions());
        using var ws = await Connect(server);
        await Read(ws, m => Is(m, "reset"));
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, (byte)'a');
        try
        {
            for (int i = 0; i < 30; i++) await ws.SendAsync(chunk, WebSocketMessageType.Text, false, CancellationToken.None);
        }
        catch (WebSocketException) { } // the server may close while we are still sending
        var e = await Assert.ThrowsAsync<WebSocketException>(() => Read(ws, _ => false));
        Assert.Contains("uploads are limited to 10,485,760 bytes", e.Message);
        for (int i = 0; i < 100 && server.SessionCount > 0; i++) await Task.Delay(50);
        Assert.Equal(0, server.SessionCount);
    }

    [Fact]
    public async Task A_flood_of_control_changes_is_applied_in_order_and_the_session_stays_responsive()
    {
        await using var server = await PlaygroundServer.Start(new ServerOptions());
        using var ws = await Connect(server);
        await Read(ws, m => Is(m, "reset"));
        int resets = 0;
        var reading = Read(ws, m => Is(m, "reset") && ++resets > 0 && m["settings"]!["activations"]![0]!.GetValue<string>() == "elu:alpha=0.5");
        for (int i = 0; i < 500; i++)
        {
            string act = i % 2 == 0 ? "relu" : "tanh";
            await Send(ws, "{\"type\":\"settings\",\"settings\":{\"hidden\":[" + (1 + i % 7) + "],\"activations\":[\"" + act + "\"]}}");
        }
        await Send(ws, """{"type":"settings","settings":{"hidden":[5,5],"activations":["elu:alpha=0.5"]}}""");
        var last = await reading;
        Assert.Equal(2, last["settings"]!["hidden"]!.AsArray().Count);
        Assert.InRange(resets, 1, 501);
        await Send(ws, """{"type":"step","epochs":2}""");
        await Read(ws, m => Is(m, "frame") && m["epoch"]!.GetValue<int>() == 2);
    }

    [Fact]
    public async Task A_tab_closed_mid_training_frees_its_session()
    {
        await using var server = await PlaygroundServer.Start(new ServerOptions());
        var ws = await Connect(server);
        await Read(ws, m => Is(m, "reset"));
        await Send(ws, """{"type":"settings","settings":{"hidden":[8,8],"epochsPerFrame":1000}}""");
        await Send(ws, """{"type":"play"}""");
        await Read(ws, m => Is(m, "frame") && m["epoch"]!.GetValue<int>() > 0);
        ws.Abort(); // no close handshake, as when a tab is killed
        ws.Dispose();
        for (int i = 0; i < 100 && server.SessionCount > 0; i++) await Task.Delay(50);
        Assert.Equal(0, server.SessionCount);
        using var again = await Connect(server);
        await Read(again, m => Is(m, "reset"));
    }

    [Fact]
    public async Task Sessions_beyond_the_limit_are_told_so_and_idle_ones_expire()
    {
        await using var server = await PlaygroundServer.Start(new ServerOptions { MaxSessions = 2, IdleTimeout = TimeSpan.FromSeconds(1) });
        using var a = await Connect(server);
        using var b = await Connect(server);
        await Read(a, m => Is(m, "reset"));
        await Read(b, m => Is(m, "reset"));
        using var c = await Connect(server);
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => Read(c, _ => true));
        Assert.Contains("at most 2 tabs", refused.Message);
        var expired = await Assert.ThrowsAsync<WebSocketException>(() => Read(a, _ => false, timeoutMs: 15_000));
        Assert.Contains("idle", expired.Message);
    }

    [Fact]
    public async Task The_activation_curve_comes_from_the_kernels_and_a_bad_spec_is_a_400_with_a_message()
    {
        await using var server = await PlaygroundServer.Start(new ServerOptions());
        using var http = new HttpClient();
        var curve = JsonNode.Parse(await http.GetStringAsync(new Uri(server.Url, "api/curve?spec=leaky-relu:negative-slope=0.1")))!;
        var x = curve["x"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var dy = curve["dy"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(201, x.Length);
        Assert.Equal(0.1, dy[0], 6);   // the chosen slope, not the default 0.01
        Assert.Equal(0.1, dy[100], 6); // PyTorch: the slope at 0
        Assert.Equal(1.0, dy[200], 6);
        var bad = await http.GetAsync(new Uri(server.Url, "api/curve?spec=relux"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Unknown activation 'relux'", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
        var meta = JsonNode.Parse(await http.GetStringAsync(new Uri(server.Url, "api/meta")))!;
        Assert.Equal(32, meta["limits"]!["neurons"]!.GetValue<int>());
        Assert.DoesNotContain(meta["activations"]!.AsArray(), a => a!["key"]!.GetValue<string>() is "softmax" or "glu");
    }
}
