using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActLab.Kernels;
using ActLab.Web.Playground;
using Microsoft.AspNetCore.Http;

namespace ActLab.Web.Server;

/// <summary>
/// The sessions: one per WebSocket (one per tab), at most <see cref="ServerOptions.MaxSessions"/>. Each has a receive
/// loop that only changes state and a single sender loop that trains, measures and sends, so a flood of control
/// messages coalesces into the next pictures and no two sends overlap. Training of all sessions shares a gate of one
/// slot per core, with a time budget per frame, so no tab can take the machine.
/// </summary>
internal sealed class SessionHost(ServerOptions options)
{
    private readonly ConcurrentDictionary<int, Connection> _open = new();
    private readonly SemaphoreSlim _cpu = new(Environment.ProcessorCount);
    private readonly CancellationTokenSource _closing = new();
    private int _next, _active;

    /// <summary>This server's port: a page may connect only from an origin on it.</summary>
    public int Port { get; set; }

    // Same-origin, and no DNS rebinding: the Origin must be http://HOST:PORT for the Host the request was sent to, and
    // that host must be a loopback name or an IP literal (a name that an attacker's DNS could point here is refused).
    internal bool OriginAllowed(string origin, string host)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || o.Scheme != "http" || o.Port != Port) return false;
        if (!string.Equals(o.Authority, host, StringComparison.OrdinalIgnoreCase)) return false;
        return o.IsLoopback || System.Net.IPAddress.TryParse(o.Host.Trim('[', ']'), out _);
    }
    public int Count => _open.Count;
    public ServerOptions Options => options;

    /// <summary>Frames per second at most while playing.</summary>
    public const int MaxFps = 30;
    /// <summary>Training time per frame at most.</summary>
    public static readonly TimeSpan TrainBudget = TimeSpan.FromMilliseconds(25);
    /// <summary>Largest message from the page (an upload of <see cref="Limits.UploadBytes"/> as JSON text, with room).</summary>
    public const int MaxMessage = Limits.UploadBytes * 2 + (64 << 10);

    public async Task Accept(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("The playground's socket speaks WebSocket only.");
            return;
        }
        // A page of another site must not drive a session here (cross-site WebSocket hijacking).
        string origin = context.Request.Headers.Origin.ToString();
        if (!OriginAllowed(origin, context.Request.Host.Value ?? ""))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync($"Origin '{origin}' may not connect: only this server's own page may.");
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        int id = Interlocked.Increment(ref _next);
        // Reserve a place first, so that tabs opening at the same moment cannot pass the limit together.
        if (Interlocked.Increment(ref _active) > options.MaxSessions)
        {
            Interlocked.Decrement(ref _active);
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, $"The playground serves at most {options.MaxSessions} tabs at once; close one and reload.", CancellationToken.None);
            return;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _closing.Token);
        var connection = new Connection(this, socket, cts)
        {
            Texts = ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Texts.Parse(context.Request.Query["lang"]) ?? ActLab.Core.Localization.Language.En),
        };
        _open[id] = connection;
        try { await connection.Run(); }
        finally
        {
            _open.TryRemove(id, out _);
            Interlocked.Decrement(ref _active);
        }
    }

    public void CloseAll() => _closing.Cancel();

    public async Task<IDisposable> Cpu(CancellationToken ct)
    {
        await _cpu.WaitAsync(ct);
        return new Release(_cpu);
    }

    private sealed class Release(SemaphoreSlim s) : IDisposable
    {
        private int _done;
        public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) s.Release(); }
    }

    /// <summary>One tab.</summary>
    private sealed class Connection(SessionHost host, WebSocket socket, CancellationTokenSource cts)
    {
        private readonly object _lock = new();
        private readonly PlaygroundSession _session = new();
        private readonly SemaphoreSlim _wake = new(0);
        private readonly ConcurrentQueue<string> _outbox = new();
        private bool _playing, _resetPending = true, _framePending = true;
        private int _stepsPending;
        private DateTime _lastMessage = DateTime.UtcNow;

        /// <summary>The language of this tab's messages (the page's switch sends it).</summary>
        public ActLab.Core.Localization.Texts Texts { get; set; } = ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Language.En);

        public async Task Run()
        {
            var sender = Task.Run(SendLoop);
            try { await ReceiveLoop(); }
            catch (OperationCanceledException) { }
            catch (WebSocketException) { } // the tab went away mid-message
            finally
            {
                await cts.CancelAsync();
                _wake.Release();
                try { await sender; } catch (OperationCanceledException) { } catch (WebSocketException) { }
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None); } catch (WebSocketException) { }
            }
        }

        private async Task ReceiveLoop()
        {
            var buffer = new byte[64 << 10];
            var message = new MemoryStream();
            while (!cts.IsCancellationRequested)
            {
                var r = await socket.ReceiveAsync(buffer, cts.Token);
                if (r.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, r.Count);
                if (message.Length > MaxMessage)
                {
                    await CloseWith(WebSocketCloseStatus.MessageTooBig, $"A message over {MaxMessage:N0} bytes; uploads are limited to {Limits.UploadBytes:N0} bytes.");
                    message = new MemoryStream();
                    while ((await socket.ReceiveAsync(buffer, cts.Token)).MessageType != WebSocketMessageType.Close) { } // drain until the client answers
                    return;
                }
                if (!r.EndOfMessage) continue;
                var bytes = message.ToArray();
                message.SetLength(0);
                _lastMessage = DateTime.UtcNow;
                if (r.MessageType != WebSocketMessageType.Text) { Error("message", "The playground's messages are JSON text."); continue; }
                Handle(bytes);
                _wake.Release();
            }
        }

        private void Handle(byte[] bytes)
        {
            JsonObject m;
            try { m = JsonNode.Parse(bytes)?.AsObject() ?? throw new JsonException("empty"); }
            catch (Exception e) when (e is JsonException or InvalidOperationException) { Error("message", $"A message that is not a JSON object: {e.Message}"); return; }
            string type = m["type"]?.GetValueKind() == JsonValueKind.String ? m["type"]!.GetValue<string>() : "";
            try
            {
                lock (_lock)
                {
                    switch (type)
                    {
                        case "settings":
                            var s = m["settings"].Deserialize<PlaygroundSettings>(PlaygroundJson.Options) ?? throw new SettingsException("settings", "The settings are missing.") { Key = "settings.missing" };
                            if (_session.Apply(s)) { _resetPending = true; _framePending = true; }
                            break;
                        case "lang":
                            Texts = ActLab.Core.Localization.Texts.For(ActLab.Core.Localization.Texts.Parse(Text(m, "lang"))
                                ?? throw new SettingsException("lang", "The language must be en or ko.") { Key = "settings.lang" });
                            break;
                        case "play": _playing = true; break;
                        case "pause": _playing = false; _framePending = true; break;
                        case "step":
                            int n = m["epochs"] is null ? 1 : Int(m, "epochs");
                            if (n < 1 || n > 100_000) throw new SettingsException("epochs", $"A step trains 1 to 100,000 epochs; got {n}.") { Key = "settings.stepEpochs", Args = [n] };
                            _playing = false;
                            _stepsPending = (int)Math.Min(100_000L, (long)_stepsPending + n);
                            break;
                        case "reset":
                            _session.Reset();
                            _stepsPending = 0;
                            Rebuild();
                            break;
                        case "weight":
                            int net = m["net"] is null ? 0 : Int(m, "net");
                            if (net < 0 || net >= _session.Nets.Count) throw new SettingsException("weight", $"There is no network {net}.") { Key = "settings.noNetwork", Args = [net] };
                            _session.Nets[net].SetWeight(Int(m, "layer"), Int(m, "output"), Int(m, "input"), (float)Number(m, "value"));
                            _framePending = true;
                            break;
                        case "upload":
                            string name = Path.GetFileName(m["name"]?.GetValue<string>() ?? "upload.csv");
                            var csv = Encoding.UTF8.GetBytes(m["csv"]?.GetValue<string>() ?? "");
                            var points = _session.Upload(csv, name, Text(m, "x"), Text(m, "y"), Text(m, "label"));
                            _session.Apply(_session.Settings with { Dataset = "upload", Problem = points.IsRegression ? "regression" : "classification", Classes = Math.Max(2, points.Classes.Length) });
                            Rebuild();
                            _outbox.Enqueue(new JsonObject { ["type"] = "uploaded", ["name"] = name, ["rows"] = points.Count, ["axes"] = new JsonArray(points.Axes[0], points.Axes[1]) }.ToJsonString());
                            break;
                        case "import":
                            Import(m["files"]?.AsObject() ?? throw new SettingsException("import", "Choose a run folder (its config.json and model.safetensors).") { Key = "settings.chooseRun" });
                            Rebuild();
                            _outbox.Enqueue(new JsonObject { ["type"] = "imported", ["model"] = _session.Nets[0].Definition.Canonical, ["source"] = _session.Points.Source }.ToJsonString());
                            break;
                        case "export":
                            var path = RunExport.Write(_session, host.Options.RunsDirectory, Text(m, "name") ?? "");
                            _outbox.Enqueue(new JsonObject { ["type"] = "exported", ["path"] = path }.ToJsonString());
                            break;
                        default:
                            Error("type", $"Unknown message type '{InputException.Show(type)}'; the page sends settings, lang, play, pause, step, reset, weight, upload, import, export.");
                            break;
                    }
                }
            }
            catch (SettingsException e) { Error(e.Field, e.In(Texts)); }
            catch (InputException e) { Error(e.Parameter, e.Message); }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
            {
                Error(type, $"A malformed '{InputException.Show(type)}' message: {e.Message}");
            }
        }

        // The page sends the run folder's files (text, and the weights as base64); they go to a private temporary
        // folder that is read as any run folder and then removed.
        private void Import(JsonObject files)
        {
            string dir = Directory.CreateTempSubdirectory("actlab-import-").FullName;
            try
            {
                long total = 0;
                foreach (var (name, value) in files)
                {
                    if (!RunImport.Files.Contains(name)) continue;
                    var text = value?.GetValue<string>() ?? "";
                    var bytes = name.EndsWith(".safetensors", StringComparison.Ordinal) ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text);
                    total += bytes.Length;
                    if (total > Limits.UploadBytes) throw new SettingsException("import", $"The run's files are over {Limits.UploadBytes:N0} bytes; the playground imports small 2-feature networks.") { Key = "settings.importSize", Args = [Limits.UploadBytes] };
                    File.WriteAllBytes(Path.Combine(dir, name), bytes);
                }
                RunImport.Into(_session, dir);
            }
            finally { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } }
        }

        private void Rebuild()
        {
            _resetPending = true;
            _framePending = true;
        }

        // A number the message must have: a missing or non-numeric one is the sender's mistake, named.
        private static double Number(JsonObject m, string key) =>
            m[key] is JsonValue v && v.TryGetValue(out double d) ? d : throw new SettingsException(key, $"The message needs a number '{key}'.") { Key = "settings.needsNumber", Args = [key] };

        private static int Int(JsonObject m, string key) =>
            Number(m, key) is var d && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue ? (int)d : throw new SettingsException(key, $"'{key}' must be a whole number.") { Key = "settings.wholeNumber", Args = [key] };

        private static string? Text(JsonObject m, string key) => m[key]?.GetValueKind() == JsonValueKind.String ? m[key]!.GetValue<string>() : null;

        private void Error(string field, string message) =>
            _outbox.Enqueue(new JsonObject { ["type"] = "error", ["field"] = field, ["message"] = message }.ToJsonString());

        private async Task SendLoop()
        {
            var interval = TimeSpan.FromSeconds(1.0 / MaxFps);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var last = TimeSpan.Zero;
            while (!cts.IsCancellationRequested)
            {
                bool playing;
                lock (_lock) playing = _playing || _stepsPending > 0;
                if (!playing)
                {
                    if (_outbox.IsEmpty && !_framePending && !_resetPending)
                    {
                        // Idle: wait for a message, and close a tab that has said nothing for the idle timeout.
                        if (!await _wake.WaitAsync(TimeSpan.FromSeconds(5), cts.Token) && DateTime.UtcNow - _lastMessage > host.Options.IdleTimeout)
                        {
                            await CloseWith(WebSocketCloseStatus.NormalClosure, "Closed after being idle; reload the page to start again.");
                            return;
                        }
                        continue;
                    }
                }
                else
                {
                    var wait = interval - (clock.Elapsed - last);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, cts.Token);
                }
                last = clock.Elapsed;
                string? reset = null;
                byte[]? frame = null;
                using (await host.Cpu(cts.Token))
                    lock (_lock)
                    {
                        if (_stepsPending > 0)
                        {
                            int done = _session.Train(_stepsPending, TrainBudget * 4);
                            _stepsPending = done == 0 ? 0 : _stepsPending - done; // 0: every network has stopped
                            _framePending = true;
                        }
                        else if (_playing)
                        {
                            if (_session.Train(_session.Settings.EpochsPerFrame, TrainBudget) == 0) _playing = false; // every network stopped
                            _framePending = true;
                        }
                        if (_resetPending) reset = _session.Describe().ToJsonString();
                        if (_framePending) frame = _session.Frame(_playing);
                        _resetPending = _framePending = false;
                    }
                // The reset first: the page clears its message on a reset, and what follows (imported, an error) must stay.
                if (reset is not null) await Send(reset);
                while (_outbox.TryDequeue(out var text)) await Send(text);
                if (frame is not null) await socket.SendAsync(frame, WebSocketMessageType.Binary, true, cts.Token);
            }
        }

        // Sends the close with its reason and gives the client a few seconds to answer (the receive loop then ends);
        // one that never answers is cut off, so it cannot hold the session.
        private async Task CloseWith(WebSocketCloseStatus status, string reason)
        {
            await socket.CloseOutputAsync(status, reason, CancellationToken.None);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
        }

        private Task Send(string text) => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cts.Token);
    }
}
