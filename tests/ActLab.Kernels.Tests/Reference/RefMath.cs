namespace ActLab.Kernels.Tests.Reference;

/// <summary>
/// Double-precision special functions for the test oracle, written independently of the kernels (different
/// methods: series and continued fractions rather than fdlibm's rational fits; BCL scalars rather than vector code).
/// </summary>
public static class RefMath
{
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>ln(1 + u), by the series below |u| = 1e-4 and Math.Log above (where 1 + u is exact enough).</summary>
    public static double Log1p(double u)
    {
        if (Math.Abs(u) < 1e-4) return u - u * u / 2 + u * u * u / 3 - u * u * u * u / 4;
        return Math.Log(1 + u);
    }

    /// <summary>e^x − 1, by the series below |x| = 1e-3.</summary>
    public static double Expm1(double x)
    {
        if (Math.Abs(x) < 1e-3)
        {
            double term = x, sum = x;
            for (int n = 2; n < 12; n++) { term *= x / n; sum += term; }
            return sum;
        }
        return Math.Exp(x) - 1;
    }

    public static double Softplus(double x) => Math.Max(x, 0) + Log1p(Math.Exp(-Math.Abs(x)));

    /// <summary>erf by its Maclaurin series (|x| ≤ 2.5); erfc by a continued fraction beyond.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        if (Math.Abs(x) > 2.5) return Math.Sign(x) * (1 - Erfc(Math.Abs(x)));
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) < 1e-18 * Math.Abs(sum)) break;
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>erfc(x): 1 − erf below 2.5; Laplace's continued fraction above (evaluated bottom-up).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x < 2.5) return 1 - Erf(x);
        if (x > 27) return 0;
        double f = 0;
        for (int k = 400; k >= 1; k--) f = (k / 2.0) / (x + f);
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / (x + f);
    }

    public static double Phi(double x) => x < 0 ? 0.5 * Erfc(-x / Math.Sqrt(2)) : 1 - 0.5 * Erfc(x / Math.Sqrt(2));
    public static double PhiDensity(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    /// <summary>x − tanh x, by its series below |x| = 0.1.</summary>
    public static double TanhShrink(double x)
    {
        if (Math.Abs(x) >= 0.1) return x - Math.Tanh(x);
        // tanh x = Σ 2^(2n)(2^(2n) − 1) B_2n x^(2n−1) / (2n)!: the first terms.
        double z = x * x;
        return x * z * (1.0 / 3 - z * (2.0 / 15 - z * (17.0 / 315 - z * (62.0 / 2835 - z * (1382.0 / 155925 - z * 21844.0 / 6081075)))));
    }

    /// <summary>softmax / log-softmax of sign·x in double: the maximum subtracted, and ln Σ taken as
    /// ln k + log1p(rest/k) (k = how many elements equal the maximum) so the maximum's log-probability keeps its
    /// tiny value.</summary>
    public static double[] Softmax(double[] x, bool log, double sign = 1)
    {
        double m = x.Max(v => sign * v);
        double s = x.Sum(v => Math.Exp(sign * v - m));
        int k = x.Count(v => sign * v == m);
        double rest = x.Where(v => sign * v != m).Sum(v => Math.Exp(sign * v - m));
        double lse = Math.Log(k) + Log1p(rest / k);
        return [.. x.Select(v => log ? sign * v - m - lse : Math.Exp(sign * v - m) / s)];
    }
}
