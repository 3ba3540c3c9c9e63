using System.Globalization;

namespace ActLab.Core.Data;

/// <summary>An image data set with its official split: the training images, then the test images, in one table.</summary>
/// <param name="Name">The data set's name (fashion-mnist, mnist) or the folder's name.</param>
/// <param name="Folder">Where its IDX files were read.</param>
/// <param name="Data">Every image (pixels scaled to [0, 1], as torchvision's ToTensor) with its class: the
/// <paramref name="TrainCount"/> training images first, then the test images.</param>
/// <param name="TrainCount">Official training images (60,000 for MNIST and Fashion-MNIST).</param>
public sealed record ImageDataset(string Name, string Folder, Dataset Data, int TrainCount)
{
    /// <summary>Official test images.</summary>
    public int TestCount => Data.Count - TrainCount;
}

/// <summary>MNIST-style image data sets from IDX files: by name from Debian's packages (<c>dataset-fashion-mnist</c>
/// installs <c>/usr/share/datasets/fashion-mnist/</c>), or from any folder holding the four files
/// (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
/// <c>t10k-labels-idx1-ubyte</c>, each optionally <c>.gz</c>).</summary>
public static class ImageDatasets
{
    /// <summary>Known names and how to get their files.</summary>
    public static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string>
    {
        ["fashion-mnist"] = "install them with: sudo apt-get install dataset-fashion-mnist",
        ["mnist"] = "Debian has no package for it: download MNIST's four IDX files into that folder (or set ACTLAB_DATA_DIR, or pass the folder as --data)",
    };

    /// <summary>The environment variable naming a folder that holds <c>NAME/</c> folders, instead of /usr/share/datasets.</summary>
    public const string EnvironmentVariable = "ACTLAB_DATA_DIR";

    /// <summary>Fashion-MNIST's class names, in label order.</summary>
    public static readonly string[] FashionClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly string[] Files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Whether <paramref name="data"/> names an image data set (a known name, or a folder with the IDX files)
    /// rather than a CSV file.</summary>
    public static bool Recognizes(string data) => Packages.ContainsKey(data) && !File.Exists(data) || Directory.Exists(data) && Find(data, Files[0]) is not null;

    /// <summary>Where a named data set's files are: <paramref name="dataDir"/> itself if it holds them, else
    /// <paramref name="dataDir"/>/NAME; without it, $ACTLAB_DATA_DIR/NAME, else /usr/share/datasets/NAME.</summary>
    public static string FolderOf(string name, string? dataDir = null)
    {
        if (dataDir is not null) return Find(dataDir, Files[0]) is not null ? dataDir : Path.Combine(dataDir, name);
        string root = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env : "/usr/share/datasets";
        return Path.Combine(root, name);
    }

    /// <summary>Loads a data set by name or folder.</summary>
    /// <exception cref="DataException">Missing files (with the command that installs them), corrupt or truncated
    /// files, image and label counts that differ, images of different sizes in the two halves.</exception>
    public static ImageDataset Load(string nameOrFolder, string? dataDir = null)
    {
        bool named = Packages.TryGetValue(nameOrFolder, out var package) && !Directory.Exists(nameOrFolder);
        string folder = named ? FolderOf(nameOrFolder, dataDir) : nameOrFolder;
        string name = named ? nameOrFolder : Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
        var paths = Files.Select(f => Find(folder, f)).ToArray();
        if (paths.Any(p => p is null))
        {
            string missing = string.Join(", ", Files.Where((f, i) => paths[i] is null));
            throw new DataException(named
                ? new ActLab.Kernels.TextKey("error.images.notInstalled", nameOrFolder, folder, missing, package)
                : new ActLab.Kernels.TextKey("error.images.missingFiles", folder, missing), folder);
        }
        var trainImages = Idx.Read(paths[0]!);
        var trainLabels = Idx.Read(paths[1]!);
        var testImages = Idx.Read(paths[2]!);
        var testLabels = Idx.Read(paths[3]!);
        void Pair(IdxArray images, IdxArray labels, string imageFile, string labelFile)
        {
            if (images.Dimensions.Length < 2) throw new DataException(new ActLab.Kernels.TextKey("error.images.rank", Path.GetFileName(imageFile), images.Dimensions.Length), imageFile);
            if (labels.Dimensions.Length != 1) throw new DataException(new ActLab.Kernels.TextKey("error.images.labels", Path.GetFileName(labelFile), labels.Dimensions.Length), labelFile);
            if (images.Count != labels.Count)
                throw new DataException(new ActLab.Kernels.TextKey("error.images.count", Path.GetFileName(imageFile), images.Count, Path.GetFileName(labelFile), labels.Count), imageFile);
        }
        Pair(trainImages, trainLabels, paths[0]!, paths[1]!);
        Pair(testImages, testLabels, paths[2]!, paths[3]!);
        if (!trainImages.Dimensions.Skip(1).SequenceEqual(testImages.Dimensions.Skip(1)))
            throw new DataException(new ActLab.Kernels.TextKey("error.images.size", Path.GetFileName(paths[2]!), string.Join("×", testImages.Dimensions.Skip(1)), string.Join("×", trainImages.Dimensions.Skip(1))), paths[2]!);

        int pixels = trainImages.ItemSize, n = trainImages.Count + testImages.Count;
        var labels = trainLabels.Data.Concat(testLabels.Data).ToArray();
        var values = labels.Distinct().Order().ToArray();
        if (values.Length < 2) throw new DataException(new ActLab.Kernels.TextKey("error.images.oneClass", Path.GetFileName(paths[1]!)), paths[1]!);
        var index = new int[256];
        for (int k = 0; k < values.Length; k++) index[values[k]] = k;
        var features = new float[n][];
        var targets = new float[n];
        // Pixels scaled to [0, 1] (torchvision's ToTensor): exact for bytes, 1/255 rounded once.
        Parallel.For(0, n, i =>
        {
            var (source, offset) = i < trainImages.Count ? (trainImages.Data, i * pixels) : (testImages.Data, (i - trainImages.Count) * pixels);
            var row = new float[pixels];
            for (int j = 0; j < pixels; j++) row[j] = source[offset + j] / 255f;
            features[i] = row;
            targets[i] = index[labels[i]];
        });
        bool fashion = name == "fashion-mnist" && values.SequenceEqual(Enumerable.Range(0, 10).Select(v => (byte)v));
        var data = new Dataset
        {
            FeatureNames = [.. Enumerable.Range(0, pixels).Select(j => "pixel" + j.ToString(CultureInfo.InvariantCulture))],
            LabelName = "label",
            Features = features,
            Targets = targets,
            Classes = fashion ? FashionClasses : [.. values.Select(v => v.ToString(CultureInfo.InvariantCulture))],
            LabelSource = LabelSource.Given,
        };
        return new ImageDataset(name, Path.GetFullPath(folder), data, trainImages.Count);
    }

    /// <summary>The official split with a validation set carved from the training images by <paramref name="seed"/>:
    /// training and validation rows are a seeded random partition of the first <paramref name="trainCount"/> rows
    /// (<paramref name="validation"/> of them for validation); the test rows are the official test images, in order.</summary>
    public static int[][] Partition(int trainCount, int testCount, int validation, ulong seed)
    {
        if (validation < 0 || validation >= trainCount)
            throw Localization.Texts.Error("split", validation, "error.images.validation", trainCount - 1, trainCount, validation);
        var parts = Split.Random(trainCount, [trainCount - validation, validation], seed);
        return [parts[0], parts[1], [.. Enumerable.Range(trainCount, testCount)]];
    }

    private static string? Find(string folder, string file) =>
        File.Exists(Path.Combine(folder, file)) ? Path.Combine(folder, file)
        : File.Exists(Path.Combine(folder, file + ".gz")) ? Path.Combine(folder, file + ".gz")
        : null;
}
