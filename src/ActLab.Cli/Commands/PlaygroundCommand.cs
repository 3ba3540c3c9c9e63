using System.CommandLine;
using System.Diagnostics;
using ActLab.Web.Server;

namespace ActLab.Cli.Commands;

/// <summary><c>actlab playground</c>: the local web page where networks train live.</summary>
internal static class PlaygroundCommand
{
    public static Command Create(Io io)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on (default: a free one).", DefaultValueFactory = _ => 0 };
        var host = new Option<string>("--host") { Description = "Address to bind (default 127.0.0.1, this machine only). Another address lets other machines train on yours; a warning says so.", DefaultValueFactory = _ => "127.0.0.1" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Do not open the page in the default browser; only print its address." };
        var runs = new Option<string>("--runs") { Description = "Folder where the page's 'Export run' writes run folders (default: ./playground-runs).", DefaultValueFactory = _ => "playground-runs" };
        var cmd = new Command("playground", "Start the playground: a local web page where you pick data, features, layers and an activation per layer,\n" +
            "and watch the network train live with the ActLab engine: the decision map, each neuron's map, the weights, train and\n" +
            "test loss, and a panel of gradient norms, dead and saturated units and mean activations per layer. Compare mode\n" +
            "trains two networks that differ only in activation. Upload a CSV, export the network as a run folder.\n" +
            "Everything runs on this machine; the page fetches nothing from the internet. Stop with Ctrl-C.\n\n" +
            "Examples:\n  actlab playground\n  actlab playground --port 8080 --no-browser")
        { port, host, noBrowser, runs };
        cmd.SetAction(pr =>
        {
            int p = pr.GetValue(port);
            if (p is < 0 or > 65535) throw UsageException.Of("error.playground.port", p);
            string h = pr.GetValue(host)!;
            if (h is not ("127.0.0.1" or "localhost" or "::1"))
            {
                if (!System.Net.IPAddress.TryParse(h, out _)) throw UsageException.Of("error.playground.host", h);
                io.Err.WriteLine(io.Texts.Format("cli.playground.hostWarning", h, Path.GetFullPath(pr.GetValue(runs)!)));
            }
            PlaygroundServer server;
            try
            {
                server = PlaygroundServer.Start(new ServerOptions { Host = h, Port = p, RunsDirectory = Path.GetFullPath(pr.GetValue(runs)!) }, io.Cancellation).GetAwaiter().GetResult();
            }
            catch (IOException e) { throw UsageException.Of("error.playground.listen", p, h, p, e.Message); }
            io.Out.WriteLine(io.Texts.Format("cli.playground.address", server.Url));
            io.Out.Flush();
            if (!pr.GetValue(noBrowser)) OpenBrowser(server.Url, io);
            try { Task.Delay(Timeout.Infinite, io.Cancellation).GetAwaiter().GetResult(); }
            catch (OperationCanceledException) { }
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            io.Out.WriteLine(io.Texts["cli.playground.stopped"]);
            return Cli.Ok;
        });
        return cmd;
    }

    private static void OpenBrowser(Uri url, Io io)
    {
        // xdg-open where there is a desktop; without one (a server, CI) the printed address is enough.
        string? opener = OperatingSystem.IsMacOS() ? "open" : OperatingSystem.IsWindows() ? null : "xdg-open";
        bool desktop = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() || Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 };
        if (!desktop) { io.Out.WriteLine(io.Texts["cli.playground.noDesktop"]); return; }
        try
        {
            var start = opener is null ? new ProcessStartInfo(url.ToString()) { UseShellExecute = true } : new ProcessStartInfo(opener, url.ToString()) { UseShellExecute = false };
            Process.Start(start)?.Dispose();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            io.Out.WriteLine(io.Texts.Format("cli.playground.noBrowser", e.Message));
        }
    }
}
