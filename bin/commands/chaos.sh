#!/usr/bin/env bash
# chaos [--events N]   publish while killing reporting twice, Kafka once, stopping MongoDB 10 s; then count
# Runs on a fresh stack of its own under .maillage-chaos (ports 26xxx, below the ephemeral range); its last line is
# 'chaos: sent=<n> counted=<n> lost=<n> duplicated=<n> refused=<n> unsettled=<n> dead-lettered=<n>', exit 0 only when
# nothing was lost or doubled, no valid report refused and every batch answered.

# shellcheck source=bin/commands/bench.sh
source "$ROOT/bin/commands/bench.sh" # tools_built, shared with bench

cmd_chaos() {
  tools_built
  "$JAVA" -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "tools/bench/target/maillage-bench.jar:tools/bench/target/lib/*" fr.maillage.bench.Chaos \
    --root "$ROOT" "$@"
}
