using System.Xml.Linq;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Tests;

/// <summary>Habits the design asks for, checked so they hold; each failure says how to fix it.</summary>
public class ConventionTests
{
    private static string Root()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ActLab.slnx"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }

    private static IEnumerable<string> LibrarySources() =>
        new[] { "src/ActLab.Kernels", "src/ActLab.Core", "src/ActLab.Plotting" }.SelectMany(p =>
            Directory.EnumerateFiles(Path.Combine(Root(), p), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")));

    [Fact]
    public void Every_activation_file_holds_one_kernel_named_like_the_file_with_its_formula_as_summary()
    {
        foreach (var f in Directory.EnumerateFiles(Path.Combine(Root(), "src/ActLab.Kernels/Activations"), "*.cs"))
        {
            string name = Path.GetFileNameWithoutExtension(f), text = File.ReadAllText(f);
            Assert.True(text.Contains($"struct {name}") || text.Contains($"class {name}"), $"{f}: declare type {name} (file name = type name).");
            Assert.True(text.Contains("/// <summary>") && text.Contains("/// <remarks>"), $"{f}: give the formula as <summary> and the derivative in <remarks>.");
        }
    }

    [Fact]
    public void Every_kernel_struct_is_reachable_from_the_catalogue()
    {
        var kernels = typeof(IUnaryKernel).Assembly.GetTypes()
            .Where(t => t.IsValueType && typeof(IUnaryKernel).IsAssignableFrom(t) && t.Namespace == "ActLab.Kernels.Activations").ToList();
        var catalogueText = string.Concat(Directory.EnumerateFiles(Path.Combine(Root(), "src/ActLab.Kernels/Catalogue"), "Entries.*.cs").Select(File.ReadAllText));
        var missing = kernels.Where(t => !catalogueText.Contains($"new {t.Name}(") && !catalogueText.Contains($"new Activations.{t.Name}(")).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, $"Register these kernels in src/ActLab.Kernels/Catalogue/Entries.*.cs: {string.Join(", ", missing)}.");
    }

    [Fact]
    public void Library_code_writes_nothing_to_the_console()
    {
        var offenders = LibrarySources().Where(f => File.ReadAllText(f).Contains("Console.")).ToList();
        Assert.True(offenders.Count == 0, $"Library code must not print; return data and let the CLI print. Offenders: {string.Join(", ", offenders)}.");
    }

    [Fact]
    public void Library_code_uses_no_unseeded_or_platform_randomness()
    {
        var offenders = LibrarySources().Where(f => File.ReadAllText(f) is var t && (t.Contains("new Random(") || t.Contains("Random.Shared") || t.Contains("new System.Random("))).ToList();
        Assert.True(offenders.Count == 0, $"Use ActLab.Kernels.Random.Pcg32 with an explicit seed instead of System.Random in: {string.Join(", ", offenders)}.");
    }

    [Fact]
    public void Project_references_point_one_way()
    {
        string[] order = ["ActLab.Kernels", "ActLab.Core", "ActLab.Plotting", "ActLab.Web", "ActLab.Cli"];
        foreach (var proj in Directory.EnumerateFiles(Path.Combine(Root(), "src"), "*.csproj", SearchOption.AllDirectories))
        {
            string name = Path.GetFileNameWithoutExtension(proj);
            int me = Array.IndexOf(order, name);
            var refs = XDocument.Load(proj).Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value));
            foreach (var r in refs)
                Assert.True(Array.IndexOf(order, r) < me, $"{name} must not reference {r}: a project references only projects above it ({string.Join(" → ", order)}).");
            if (name == "ActLab.Kernels")
                Assert.Empty(XDocument.Load(proj).Descendants("PackageReference"));
        }
    }
}
