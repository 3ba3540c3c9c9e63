using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Training;

// The binary-classifier tutorial in C#: two Gaussian classes in a CSV, an 80/10/10 split, Linear(2,1) + Sigmoid,
// BCELoss, Adam(lr=0.001), the cost every 200 epochs, then accuracy on the test split.
File.WriteAllText("binary_data.csv", Generators.ToCsv(Generators.Gaussians(perClass: 500, meanDiff: 2.0, seed: 42, RandomStream.Numpy)));
var data = CsvTable.Read("binary_data.csv");
var parts = Split.Random(data.Count, Split.Sizes(data.Count, [0.8, 0.1, 0.1]), seed: 0);
DataLoader Loader(int part, bool shuffle) => new(data.Features, data.Targets, parts[part], batchSize: 32, shuffle, dropLast: false, seed: 1);

var model = new Sequential(new Linear(2, 1, seed: 0), Activations.Sigmoid());
var trainer = new Trainer(model, new BceLoss(), new Adam(model.Parameters, lr: 1e-3));
var fit = trainer.Fit(Loader(0, shuffle: true), Loader(1, shuffle: false), new FitOptions { Epochs = 1000 }, new Every(200));

var (testLoss, testAccuracy) = trainer.Evaluate(Loader(2, shuffle: false));
Console.WriteLine($"{fit.Status} after {fit.History.Count} epochs: test loss {testLoss:F4}, test accuracy {testAccuracy:F3}");
Console.WriteLine($"Model: {model.Describe()}, {string.Join(", ", model.Parameters.Select(p => $"{p.Name} [{string.Join(", ", p.Value.Select(v => v.ToString("F3")))}]"))}");

sealed class Every(int n) : ITrainingObserver
{
    public void OnEpoch(EpochResult e)
    {
        if (e.Epoch % n == 0) Console.WriteLine($"Epoch [{e.Epoch}], Cost: {e.TrainLoss:F6}, validation accuracy: {e.ValidationAccuracy:F3}");
    }
}
