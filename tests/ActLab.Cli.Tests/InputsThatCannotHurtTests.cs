using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>Issue 9's inputs that hurt: devices, binary bytes, quote edge cases, lists written with spaces, names without defaults.</summary>
public class InputsThatCannotHurtTests
{
    private static string File(string name, string text)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("actlab-csv-").FullName, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("a,b,label\n\"0\" ,1,0\n1,1,1\n2,x,0\n", "q.csv:4:3: 'x' in column 'b' is not a number")] // a space after a closing quote keeps line numbers right
    [InlineData("a,b,label\n\"0\"x,1,0\n1,1,1\n", "q.csv:2:4: 'x' follows a closing quote")]
    [InlineData("a,b,label\n1.0\0,1,0\n1,1,1\n", "q.csv:2:4: a control character (\\0) is not CSV text")]
    [InlineData("a,b,label\n1,2,0\n3,4,1\n5,6,2\n7,8,0\n9,10,1\n11,12,2\n13,14,1.0000001\n", "is a fraction among 6 whole-number labels")]
    [InlineData("a,label,label\n1,0,1\n2,1,0\n", "the column name 'label' appears 2 times")]
    public void Csv_edge_cases_are_one_line_errors_at_the_right_place(string text, string message)
    {
        string dir = Directory.CreateTempSubdirectory("actlab-edge-").FullName;
        var r = Run("train", "--data", File("q.csv", text), "--out", Path.Combine(dir, "run"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "run")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void A_device_as_data_is_refused_at_once()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-dev-").FullName;
        var r = Run("train", "--data", "/dev/zero", "--out", Path.Combine(dir, "run"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a regular file", r.Err);
        Assert.Equal(2, Run("evaluate", "--run", "/dev/null", "--data", "/dev/zero").ExitCode);
    }

    [Fact]
    public void A_list_written_with_spaces_gets_a_hint_about_commas()
    {
        var r = Run("train", "--data", "x.csv", "--hidden", "16", "16");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Lists are comma-separated: --hidden 16,16.", r.Err);
    }

    [Fact]
    public void Describe_works_for_every_name_list_prints()
    {
        foreach (var e in ActLab.Kernels.Catalogue.Catalogue.All.Where(e => e.Origin != ActLab.Kernels.Catalogue.Origin.User))
        {
            var r = Run("describe", e.Key, "--json");
            Assert.True(r.ExitCode == 0, $"describe {e.Key}: {r.Err}");
        }
        Assert.Contains("shown as threshold:threshold=1,value=1", Run("describe", "threshold").Out);
    }
}
