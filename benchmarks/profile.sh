#!/usr/bin/env bash
# A JFR profile of one load variant, and its summary: benchmarks/profile.sh V1 (or V0, V2, V3, V3c, V4, V5).
# A fresh sample app (CPU 0) is loaded by wrk (CPU 1) for 60 s, then recorded for 20 s under the same load;
# writes target/profile-<variant>.jfr and prints where the request threads spent their CPU samples.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests -Dinvoker.skip \
    -Dmdep.outputFile=target/classpath.txt
cd benchmarks
classpath="target/classes:$(cat target/classpath.txt)"
for variant in "$@"; do
    java -cp "$classpath" dev.hybridauth.benchmarks.load.ProfileBenchmark "$variant" "target/profile-$variant.jfr"
    java -cp "$classpath" dev.hybridauth.benchmarks.load.JfrSummary "target/profile-$variant.jfr" \
        | tee "target/profile-$variant.txt"
done
