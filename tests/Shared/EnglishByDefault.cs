using System.Runtime.CompilerServices;

namespace ActLab.Tests.Shared;

/// <summary>Linked into each test project that runs the command in-process (CLI, browser). The tests expect English
/// unless they pass --lang: a developer whose LANG is Korean must see them pass too. (The language's own default from
/// the environment is tested with an injected environment in Core's TextsTests.)</summary>
internal static class EnglishByDefault
{
    [ModuleInitializer]
    internal static void Init()
    {
        Environment.SetEnvironmentVariable("LC_ALL", "en_US.UTF-8"); // ActLab's own texts, here and in child processes
        // System.CommandLine's parse errors follow the UI culture, which the test host takes from LANG (the actlab
        // executable itself runs with invariant globalization).
        System.Globalization.CultureInfo.DefaultThreadCurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
    }
}
