#!/usr/bin/env bash
# Runs every benchmark and rewrites docs/benchmarks.md and docs/benchmarks.png:
#   benchmarks/run.sh
# JMH micro-benchmarks, then the wrk load benchmark (server JVM and PostgreSQL pinned to CPU 0, wrk to CPU 1).
# Installs wrk from Debian's packages when it is missing. Takes about 15 minutes on 2 cores;
# SKIP_JMH=1 reuses the JMH results of the previous run.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
    sudo_cmd=""; if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk
fi

./mvnw -B -q install -DskipTests
cd benchmarks
../mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
classpath="target/classes:$(cat target/classpath.txt)"

if [ -z "${SKIP_JMH:-}" ] || [ ! -f target/jmh.json ]; then
    java -cp "$classpath" org.openjdk.jmh.Main -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff target/jmh.json \
        "${JMH_INCLUDE:-.*Benchmark.*}"
fi
taskset -c 0 java -Xms512m -Xmx2g -cp "$classpath" -Dbench.wrk-core=1 dev.hybridauth.benchmarks.load.LoadBenchmark

machine="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(java -version 2>&1 | head -1)"
java -Djava.awt.headless=true -cp "$classpath" dev.hybridauth.benchmarks.Report target/jmh.json \
    target/load-results.json ../docs analysis.md "$machine"
echo "Wrote docs/benchmarks.md and docs/benchmarks.png"
