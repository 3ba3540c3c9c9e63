using System.Runtime.InteropServices;

// Ctrl-C and SIGTERM cancel: training finishes its current step, writes the run with status "interrupted" and exits
// 130. A second Ctrl-C ends the process at once.
using var cts = new CancellationTokenSource();
void OnSignal(PosixSignalContext ctx)
{
    if (cts.IsCancellationRequested) return; // second signal: default behaviour (terminate)
    ctx.Cancel = true;
    Console.Error.WriteLine("actlab: stopping after the current step (Ctrl-C again to quit at once)...");
    cts.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return ActLab.Cli.Cli.Run(args, Console.Out, Console.Error, cts.Token);
