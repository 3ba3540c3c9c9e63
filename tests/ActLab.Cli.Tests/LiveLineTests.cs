using ActLab.Cli.Output;
using ActLab.Core.Training;

namespace ActLab.Cli.Tests;

/// <summary>The terminal status line: redrawn in place, lines above it, nothing left behind, never wider than the window.</summary>
public class LiveLineTests
{
    [Fact]
    public void The_status_line_is_redrawn_in_place_and_lines_go_above_it()
    {
        var o = new StringWriter();
        using (var live = new LiveLine(o))
        {
            live.Update("reading…");
            live.WriteLine("Epoch [1/2], Cost: 0.5");
            live.Update(new string('x', 500));
        }
        string s = o.ToString();
        Assert.StartsWith("\r\u001b[2Kreading…\r\u001b[2KEpoch [1/2], Cost: 0.5" + Environment.NewLine + "reading…", s);
        Assert.EndsWith("\r\u001b[2K", s); // erased when done
        Assert.DoesNotContain(new string('x', 400), s); // cut to the window
    }

    [Fact]
    public void Training_progress_shows_epoch_step_loss_validation_accuracy_and_eta_at_most_ten_times_a_second()
    {
        var o = new StringWriter();
        var live = new LiveLine(o);
        var progress = new TrainingProgress(live, epochs: 10, ActLab.Core.Localization.Texts.English);
        progress.OnEpoch(new EpochResult(1, 0.5, 0.8, 0.4, 0.875));
        for (int i = 1; i <= 1000; i++) progress.OnStep(new StepProgress(2, i % 50 + 1, 50, 0.1234, 50 + i, 0));
        string s = o.ToString();
        Assert.Contains("epoch 2/10 · step ", s);
        Assert.Contains("loss 0.1234 · val acc 0.875 · ", s);
        Assert.Contains("ETA ", s);
        Assert.True(s.Split("\r\u001b[2K").Length < 20, "a thousand fast steps must not redraw a thousand times");
    }
}
