namespace ActLab.Cli.Tests;

public class LanguageTests
{
    [Fact]
    public void Describe_sigmoid_in_korean_uses_the_tutorials_words()
    {
        var r = CliRunner.Run("describe", "sigmoid", "--lang", "ko");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("시그모이드 (sigmoid)", r.Out);
        Assert.Contains("기울기 소실", r.Out);
        Assert.Contains("평균 중심화", r.Out);
        Assert.Contains("이진 분류 출력층", r.Out);
        Assert.Contains("σ(x) = 1 / (1 + e^(−x))", r.Out); // formulas and numbers are the same in every language
        Assert.Contains("0.25 (x = 0)", r.Out);
    }

    [Fact]
    public void List_in_korean_names_the_tutorial_functions_by_the_glossary_and_holds_80_columns()
    {
        var r = CliRunner.Run("list", "--origin", "tutorial", "--lang", "ko");
        Assert.Equal(0, r.ExitCode);
        foreach (var term in new[] { "계단 함수", "부호 함수", "시그모이드", "하이퍼볼릭 탄젠트", "렐루", "리키 렐루", "엘루", "소프트맥스" })
            Assert.Contains(term, r.Out);
        Assert.Contains("함수 10개", r.Out);
        // Hangul is two columns wide in a terminal: at COLUMNS=80 no line may pass 80 display columns.
        using var narrow = new ChildProcess(new Dictionary<string, string> { ["COLUMNS"] = "80" }, "list", "--origin", "tutorial", "--lang", "ko");
        Assert.Equal(0, narrow.Wait(TimeSpan.FromSeconds(30)));
        var lines = narrow.Out.Split('\n');
        Assert.Contains(lines, l => l.Contains("시그모이드"));
        Assert.All(lines, l => Assert.True(DisplayWidth(l) <= 80, $"{DisplayWidth(l)} columns: {l}"));
    }

    [Fact]
    public void Json_is_the_same_in_every_language_and_english_is_the_default_here()
    {
        var en = CliRunner.Run("describe", "relu", "--json", "--lang", "en");
        var ko = CliRunner.Run("describe", "relu", "--json", "--lang", "ko");
        Assert.Equal(en.Out, ko.Out);
        Assert.Contains("dying ReLU", CliRunner.Run("describe", "relu", "--lang", "en").Out);
    }

    [Fact]
    public void The_tutorial_in_korean_prints_the_seeds_own_lines_with_korean_explanations_around_them()
    {
        var ko = CliRunner.Run("tutorial", "--epochs", "1000", "--lang", "ko");
        var en = CliRunner.Run("tutorial", "--epochs", "1000", "--lang", "en");
        Assert.Equal(0, ko.ExitCode);
        Assert.Contains("데이터: 1000행", ko.Out);
        Assert.Contains("손실 함수: BCELoss", ko.Out);
        Assert.Contains("검증 데이터를 배치 4개씩", ko.Out);
        Assert.Contains("검증 정확도: ", ko.Out);
        // What the seed's own code prints is the same, line for line and digit for digit.
        static IEnumerable<string> SeedLines(CliResult r) => r.OutLines.Where(l => l.StartsWith("Epoch [") || l.StartsWith("inputs:") || l.StartsWith("Validation Loss") || l.StartsWith("outputs:") || l.StartsWith(" ") || l.StartsWith("tensor(") || l.StartsWith("---"));
        Assert.Equal(SeedLines(en), SeedLines(ko));
        Assert.NotEmpty(SeedLines(en));
        // The numbers of the summary are the same too.
        string Accuracies(CliResult r, string prefix) => string.Join(" ", System.Text.RegularExpressions.Regex.Matches(r.OutLines.First(l => l.StartsWith(prefix)), @"\d+\.\d+").Select(m => m.Value));
        Assert.Equal(Accuracies(en, "Validation accuracy"), Accuracies(ko, "검증 정확도"));
        Assert.DoesNotContain(en.OutLines, l => l.Any(c => c is >= '\uAC00' and <= '\uD7A3'));
    }

    [Fact]
    public void Train_in_korean_says_the_same_numbers_in_korean_words()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-ko-train-").FullName;
        string data = Path.Combine(dir, "g.csv");
        Assert.Equal(0, CliRunner.Run("generate", "gaussians", "--out", data).ExitCode);
        var ko = CliRunner.Run("train", "--data", data, "--hidden", "4", "--epochs", "4", "--out", Path.Combine(dir, "ko"), "--lang", "ko");
        var en = CliRunner.Run("train", "--data", data, "--hidden", "4", "--epochs", "4", "--out", Path.Combine(dir, "en"), "--lang", "en");
        Assert.Equal(0, ko.ExitCode);
        Assert.Contains("데이터: 1,000행, 입력(features) 2개; 정답(label) 'label'", ko.Out);
        Assert.Contains("이진 분류, 클래스 2개", ko.Out);
        Assert.Contains("손실 함수: bce", ko.Out);
        Assert.Contains("에포크 [4/4], 비용: ", ko.Out);
        // The numbers are the same in both languages (the training is).
        static string Numbers(string s) => string.Join(" ", System.Text.RegularExpressions.Regex.Matches(s, @"\d+\.\d{3,}").Select(m => m.Value));
        string Body(CliResult r) => string.Join("\n", r.OutLines.Where(l => !l.Contains("µs")));
        Assert.Equal(Numbers(Body(en)), Numbers(Body(ko)));
        Assert.Contains("Epoch [4/4], Cost: ", en.Out);
    }

    [Fact]
    public void Evaluate_in_korean_gives_the_same_report_with_aligned_korean_headers()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-ko-eval-").FullName;
        string data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, CliRunner.Run("generate", "gaussians", "--out", data).ExitCode);
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--hidden", "4", "--epochs", "3", "--out", run).ExitCode);
        var ko = CliRunner.Run("evaluate", "--run", run, "--data", data, "--lang", "ko");
        var en = CliRunner.Run("evaluate", "--run", run, "--data", data, "--lang", "en");
        Assert.Equal(0, ko.ExitCode);
        Assert.Contains("테스트 분할", ko.Out);
        Assert.Contains("혼동 행렬", ko.Out);
        static string Numbers(string s) => string.Join(" ", System.Text.RegularExpressions.Regex.Matches(s, @"\d+\.\d+").Select(m => m.Value));
        Assert.Equal(Numbers(en.Out), Numbers(ko.Out));
        // The header's columns end where the numbers below them end (Hangul counted two cells wide).
        string header = ko.OutLines.First(l => l.StartsWith("클래스")), row = ko.OutLines.First(l => l.StartsWith("매크로 평균"));
        Assert.Equal(Output.HelpText.Cells(header), Output.HelpText.Cells(row));
    }

    [Fact]
    public void A_korean_run_writes_a_korean_report_with_the_same_numbers()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-ko-report-").FullName;
        string data = Path.Combine(dir, "b.csv");
        Assert.Equal(0, CliRunner.Run("generate", "blobs", "--classes", "3", "--samples", "300", "--out", data).ExitCode);
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--hidden", "4", "--epochs", "3", "--out", Path.Combine(dir, "ko"), "--lang", "ko").ExitCode);
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--hidden", "4", "--epochs", "3", "--out", Path.Combine(dir, "en"), "--lang", "en").ExitCode);
        string ko = File.ReadAllText(Path.Combine(dir, "ko", "report.html")), en = File.ReadAllText(Path.Combine(dir, "en", "report.html"));
        Assert.Contains("<html lang=\"ko\">", ko);
        foreach (var heading in new[] { "요약", "학습 곡선", "결정 지도", "테스트 분할에서의 평가", "매개변수", "에포크별 지표", "설정" })
            Assert.Contains($"<h2>{heading}</h2>", ko);
        Assert.Contains("3-클래스 분류기", ko);
        Assert.Contains("혼동 행렬", ko);
        foreach (var section in ActLab.Plotting.RunReport.Sections) Assert.Contains($"<h2>{section}</h2>", en);
        // The same numbers in the tables (pictures, the configuration and the timing aside).
        static string Numbers(string html) => string.Join(" ", System.Text.RegularExpressions.Regex.Matches(System.Text.RegularExpressions.Regex.Replace(html, "data:image/png;base64,[^\"]+|<pre>[\\s\\S]*</pre>|<footer>.*</footer>|<tr><th>(Time|시간)</th><td>[^<]*</td></tr>", ""), @"\b\d+\.\d+\b").Select(m => m.Value));
        Assert.Equal(Numbers(en), Numbers(ko));
    }

    [Fact]
    public void Common_input_errors_are_worded_in_korean_with_the_same_exit_code_and_values()
    {
        var cases = new[]
        {
            new[] { "describe", "relux" },
            new[] { "eval", "leaky-relu:slope=0.1", "1" },
            new[] { "eval", "elu:alpha=abc", "1" },
            new[] { "eval", "", "1" },
            new[] { "eval", "hardtanh:min-val=2,max-val=1", "1" },
            new[] { "eval", "celu:alpha=0", "1" },
            new[] { "generate", "spiral", "--out", "x.csv", "--classes", "1" },
            new[] { "generate", "gaussians", "--out", "x.csv", "--noise", "0.2" },
            new[] { "plot", "softmax", "2", "x" },
            new[] { "plot", "function", "sigmoid", "--out", "a.gif" },
            new[] { "evaluate", "--run", "no-such-run", "--data", "x.csv" },
            new[] { "inspect", "--model", "linear(2,4) relu linear(4,1)" },
            new[] { "compare", "--activations", "softmax", "--out", "nowhere" },
            new[] { "compare", "--merge", "no-such-folder" },
            new[] { "export", "--run", "no-such-run", "--out", "m.onnx", "--format", "keras" },
        };
        foreach (var args in cases)
        {
            var en = CliRunner.Run([.. args, "--lang", "en"]);
            var ko = CliRunner.Run([.. args, "--lang", "ko"]);
            Assert.Equal(2, en.ExitCode);
            Assert.Equal(en.ExitCode, ko.ExitCode);
            Assert.StartsWith("actlab: error: ", ko.Err);
            Assert.Contains(ko.Err, l => l is >= '\uAC00' and <= '\uD7A3');
            Assert.DoesNotContain("   at ", ko.Err);
            // The values the message quotes are the same in both languages.
            static IEnumerable<string> Quoted(string s) => System.Text.RegularExpressions.Regex.Matches(s, "'([^']*)'").Select(m => m.Groups[1].Value).Order();
            Assert.Equal(Quoted(en.Err).Distinct(), Quoted(ko.Err).Distinct());
        }
        // A bad CSV: the same file:line:column and value, in Korean words.
        string dir = Directory.CreateTempSubdirectory("actlab-ko-csv-").FullName;
        string bad = Path.Combine(dir, "bad.csv");
        File.WriteAllText(bad, "a,b,label\n1,2,0\n3,x,1\n");
        var csvKo = CliRunner.Run("train", "--data", bad, "--lang", "ko");
        var csvEn = CliRunner.Run("train", "--data", bad, "--lang", "en");
        Assert.Equal("actlab: error: bad.csv:3:3: 'x' in column 'b' is not a number.", csvEn.Err.Trim());
        Assert.Equal("actlab: error: bad.csv:3:3: 'b' 열의 'x'은(는) 수가 아닙니다.", csvKo.Err.Trim());
        Assert.Equal(csvEn.ExitCode, csvKo.ExitCode);
        string good = Path.Combine(dir, "good.csv");
        File.WriteAllText(good, "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        var epochs = CliRunner.Run("train", "--data", good, "--epochs", "0", "--lang", "ko");
        Assert.Equal("actlab: error: --epochs: 에포크는 1 이상이어야 합니다; 받은 값: 0.", epochs.Err.Trim());
        var inputs = CliRunner.Run("train", "--data", good, "--model", "linear(3,1) sigmoid", "--lang", "ko");
        Assert.Contains("모델 'linear(3,1) sigmoid'은(는) 입력 3개를 받는데 데이터의 입력(features)은 2개입니다.", inputs.Err);
        var activation = CliRunner.Run("train", "--data", good, "--activation", "rellu", "--lang", "ko");
        Assert.Contains("알 수 없는 활성화 함수 'rellu'. 'relu'을(를) 뜻했나요?", activation.Err);
        var model = CliRunner.Run("train", "--data", "nowhere.csv", "--model", "linear(2,8) relu linear(4,1)", "--lang", "ko");
        Assert.Contains("'linear(4,1)'은(는) 입력 4개를 받는데 앞 층은 8개를 줍니다", model.Err);
        Assert.Equal(2, model.ExitCode);
    }

    [Fact]
    public void Parse_errors_keep_system_commandlines_words_and_give_the_hints_in_korean()
    {
        var ko = CliRunner.Run("trian", "--lang", "ko");
        Assert.Equal(2, ko.ExitCode);
        Assert.Contains("Unrecognized command or argument 'trian'", ko.Err);
        Assert.Contains("명령: list, describe", ko.Err);
        Assert.Contains("사용법은 'actlab --help'로 보세요.", ko.Err);
        var list = CliRunner.Run("train", "--data", "x.csv", "--hidden", "16", "x", "--lang", "ko");
        Assert.Contains("목록은 쉼표로 구분합니다: --hidden 16,x.", list.Err);
        Assert.Contains("Run 'actlab --help' for usage.", CliRunner.Run("trian", "--lang", "en").Err);
    }

    [Fact]
    public void Compare_and_inspect_in_korean_word_their_tables_recommendations_and_report_and_keep_the_numbers()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-ko-compare-").FullName;
        string[] sweep = ["compare", "--dataset", "xor", "--activations", "sigmoid,relu", "--depth", "3", "--width", "8", "--seeds", "1", "--epochs", "5"];
        var ko = CliRunner.Run([.. sweep, "--out", Path.Combine(dir, "ko"), "--lang", "ko"]);
        var en = CliRunner.Run([.. sweep, "--out", Path.Combine(dir, "en"), "--lang", "en"]);
        Assert.Equal(0, ko.ExitCode);
        Assert.Equal(0, en.ExitCode);
        Assert.Contains("검증 정확도가 가장 높은 은닉층 활성화 함수", ko.Out);
        Assert.Contains("문제에 따른 출력층 활성화 함수와 손실 함수", ko.Out);
        Assert.Contains("활성화 함수", ko.Out); // the table's header
        Assert.Contains("best hidden activation by validation accuracy", en.Out);
        string reportKo = File.ReadAllText(Path.Combine(dir, "ko", "report.md"));
        Assert.StartsWith("# 활성화 함수 비교 실험", reportKo);
        Assert.Contains("## 권장 사항(아래 수치에서 도출)", reportKo);
        Assert.Contains("| 활성화 함수 | 검증 정확도 |", reportKo);
        Assert.StartsWith("# Activation study", File.ReadAllText(Path.Combine(dir, "en", "report.md")));
        // The numbers are the same, and compare.json (for programs) is English in both.
        static string Json(string d) => System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(d, "compare.json")), @"""(seconds|secondsPerEpoch|secondsToTarget)"": \{[^}]*\}|""seconds"": [0-9.eE+-]+", "");
        Assert.Equal(Json(Path.Combine(dir, "en")), Json(Path.Combine(dir, "ko")));
        Assert.Contains("best hidden activation by validation accuracy", File.ReadAllText(Path.Combine(dir, "ko", "compare.json")));

        string data = Path.Combine(dir, "xor.csv");
        Assert.Equal(0, CliRunner.Run("generate", "xor", "--out", data, "--samples", "200").ExitCode);
        string[] inspect = ["inspect", "--model", "linear(2,8) sigmoid linear(8,8) sigmoid linear(8,1)", "--data", data];
        var ik = CliRunner.Run([.. inspect, "--lang", "ko"]);
        var ie = CliRunner.Run([.. inspect, "--lang", "en"]);
        Assert.Equal(0, ik.ExitCode);
        Assert.Contains("첫 은닉층 / 마지막 은닉층의 ‖δ‖(편향 기울기): ", ik.Out);
        Assert.Contains("200행, 손실 함수 bce-logits", ik.Out);
        static string Ratio(string s) => System.Text.RegularExpressions.Regex.Match(s, @"‖δ‖[^:]*: ([0-9.]+)").Groups[1].Value;
        Assert.NotEqual("", Ratio(ie.Out));
        Assert.Equal(Ratio(ie.Out), Ratio(ik.Out));
    }

    [Fact]
    public void A_diverged_run_is_reported_in_korean_with_the_same_exit_code_and_numbers()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-ko-diverge-").FullName;
        string data = Path.Combine(dir, "xor.csv");
        Assert.Equal(0, CliRunner.Run("generate", "xor", "--out", data, "--samples", "200").ExitCode);
        string[] run = ["train", "--data", data, "--lr", "1e30", "--optimizer", "sgd", "--epochs", "3"];
        var ko = CliRunner.Run([.. run, "--out", Path.Combine(dir, "ko"), "--lang", "ko"]);
        var en = CliRunner.Run([.. run, "--out", Path.Combine(dir, "en"), "--lang", "en"]);
        Assert.Equal(1, en.ExitCode);
        Assert.Equal(en.ExitCode, ko.ExitCode);
        Assert.Contains("training diverged in epoch 1", en.Err);
        Assert.Contains("에포크 1, 배치 ", ko.Err);
        Assert.Contains("학습이 발산했습니다", ko.Err);
        Assert.Contains("학습률을 줄여 보세요", ko.Err);
        static string Batch(string s) => System.Text.RegularExpressions.Regex.Match(s, @"(batch|배치) (\d+)").Groups[2].Value;
        Assert.Equal(Batch(en.Err), Batch(ko.Err));
    }

    [Fact]
    public void An_unknown_language_is_a_usage_error()
    {
        var r = CliRunner.Run("list", "--lang", "fr");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("actlab: error: --lang must be ko or en; got 'fr'.\n", r.Err.Replace("\r", ""));
    }

    [Fact]
    public void The_help_lists_the_language_option()
    {
        var r = CliRunner.Run("list", "--help");
        Assert.Contains("--lang", r.Out);
    }

    private static int DisplayWidth(string s) => s.Sum(c => c is >= '\uAC00' and <= '\uD7A3' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F' ? 2 : 1);
}
