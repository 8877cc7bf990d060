#!/usr/bin/env bash
# The soak: two nodes of the sample app (each its own JVM) on one embedded PostgreSQL under mixed traffic for
# SOAK_MINUTES (10 by default), with the cleanup and the revocation feed running. Writes target/soak.json,
# benchmarks/soak.md and docs/soak.png, and replaces the "## Soak" section at the end of docs/benchmarks.md.
# Not part of verify.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests -Dinvoker.skip \
    -Dmdep.outputFile=target/classpath.txt
cd benchmarks
classpath="target/classes:$(cat target/classpath.txt)"

java -Xmx512m -cp "$classpath" -Dsoak.minutes="${SOAK_MINUTES:-10}" dev.hybridauth.benchmarks.soak.SoakBenchmark

# The soak's section is the last one of the page (Report appends soak.md too).
page=../docs/benchmarks.md
if grep -q '^## Soak$' "$page"; then
    sed -i '/^## Soak$/,$d' "$page"
fi
cat soak.md >> "$page"
echo "Wrote benchmarks/soak.md, docs/soak.png and the soak's section of docs/benchmarks.md"
