#!/bin/bash
# Submits the shards as a job array and the merge as a job that starts when every shard succeeded; waits for both.
# Usage: tools/cluster/run-slurm-sweep.sh N OUT [compare options...]
#   ACTLAB="dotnet src/ActLab.Cli/bin/Release/net10.0/actlab.dll" tools/cluster/run-slurm-sweep.sh 3 sweep --dataset xor,circle
set -euo pipefail
n=${1:?number of shards}; out=${2:?output folder}; shift 2
here=$(cd "$(dirname "$0")" && pwd)
export ACTLAB=${ACTLAB:-actlab} ACTLAB_SWEEP_OUT=$out ACTLAB_COMPARE_ARGS="$*"
array=$(sbatch --parsable --array=1-"$n" --export=ALL "$here/compare-array.sbatch")
echo "shards: job array $array (1-$n)"
sbatch --wait --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export=ALL \
  --job-name=actlab-merge --output="actlab-merge-%j.log" --wrap "$ACTLAB compare --merge '$out' --force"
echo "merged: $out/report.md"
