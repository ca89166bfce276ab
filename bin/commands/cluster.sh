#!/usr/bin/env bash
# cluster [--events N]   three Kafka nodes (RF 3, min ISR 2), reporting twice: kill a node and an instance mid-ingest, count
# Runs its own processes under .maillage-cluster (ports 25xxx, so a running stack, chaos and bench are left alone);
# its last line is 'cluster: sent=<n> counted=<n> lost=<n> duplicated=<n> refused=<n> unsettled=<n>', exit 0 only when
# nothing was lost or doubled, no valid report refused and every batch answered.

# shellcheck source=bin/commands/bench.sh
source "$ROOT/bin/commands/bench.sh" # tools_built, shared with bench

cmd_cluster() {
  tools_built
  "$JAVA" -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "tools/bench/target/maillage-bench.jar:tools/bench/target/lib/*" fr.maillage.bench.Cluster \
    --root "$ROOT" "$@"
}
