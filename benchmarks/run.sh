#!/usr/bin/env bash
# Runs every benchmark and rewrites docs/benchmarks.md and docs/benchmarks.png:
#   benchmarks/run.sh
# JMH micro-benchmarks, then the wrk load benchmark (server JVM and PostgreSQL pinned to CPU 0, wrk to CPU 1), the
# first seconds of each path on a fresh JVM, then the revocation view's memory and the revocation feed's delay per
# delivery mode (notify, polling). The soak runs on its own: benchmarks/soak.sh; a profile of one path:
# benchmarks/profile.sh V1.
# Installs wrk from Debian's packages when it is missing. Takes about 30 minutes on 2 cores;
# SKIP_JMH=1 reuses the JMH results of the previous run.
# FEED_ONLY=1 runs only the revocation feed's parts (the view's JMH benchmark, its memory, the delays, and the load
# variants V0, V1, V1off and V1v; about 15 minutes) and prints their section instead of rewriting the docs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
    sudo_cmd=""; if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk
fi

# The classpath from the reactor's own jars: the sample app is not installed into the local repository.
./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests -Dinvoker.skip \
    -Dmdep.outputFile=target/classpath.txt
cd benchmarks
classpath="target/classes:$(cat target/classpath.txt)"

feed_benchmarks() {
    java -Xmx1g -Djdk.attach.allowAttachSelf=true -cp "$classpath" \
        dev.hybridauth.benchmarks.feed.RevocationMemoryBenchmark
    java -Xmx1g -cp "$classpath" dev.hybridauth.benchmarks.feed.RevocationDelayBenchmark
}

if [ -n "${FEED_ONLY:-}" ]; then
    java -cp "$classpath" org.openjdk.jmh.Main -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff target/jmh-revocation.json \
        RevocationViewBenchmark
    taskset -c 0 java -Xms512m -Xmx2g -cp "$classpath" -Dbench.wrk-core=1 -Dbench.variants=V0,V1,V1off,V1v \
        -Dbench.output=target/load-feed.json dev.hybridauth.benchmarks.load.LoadBenchmark
    feed_benchmarks
    java -cp "$classpath" dev.hybridauth.benchmarks.Report --revocation-section target/jmh-revocation.json \
        target/load-feed.json target/revocation-delay.json target/revocation-memory.json
    exit 0
fi

if [ -z "${SKIP_JMH:-}" ] || [ ! -f target/jmh.json ]; then
    java -cp "$classpath" org.openjdk.jmh.Main -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff target/jmh.json \
        "${JMH_INCLUDE:-.*Benchmark.*}"
fi
taskset -c 0 java -Xms512m -Xmx2g -cp "$classpath" -Dbench.wrk-core=1 dev.hybridauth.benchmarks.load.LoadBenchmark
# the first seconds of each path, each on a fresh JVM (writes warm-up.md)
java -cp "$classpath" -Dbench.wrk-core=1 dev.hybridauth.benchmarks.load.WarmUpBenchmark
feed_benchmarks

machine="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(java -version 2>&1 | head -1)"
java -Djava.awt.headless=true -cp "$classpath" dev.hybridauth.benchmarks.Report target/jmh.json \
    target/load-results.json ../docs analysis.md "$machine" target/revocation-delay.json target/revocation-memory.json
echo "Wrote docs/benchmarks.md and docs/benchmarks.png"
