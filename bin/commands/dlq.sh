#!/usr/bin/env bash
# dlq list [N] | dlq replay <topic>   show dead letters and why; send them back to their topic after a fix

cmd_dlq() {
  local jar="tools/bench/target/maillage-bench.jar"
  if [[ ! -f "$jar" || ! -d tools/bench/target/lib ]]; then
    [[ "${MAILLAGE_NO_BUILD:-}" == 1 ]] && die "the tools are not built and MAILLAGE_NO_BUILD=1 forbids building them:
  build first with ./mvnw -B -q -DskipTests -pl tools/bench -am package"
    say "building the tools (./mvnw -q -DskipTests -pl tools/bench -am package) …"
    ./mvnw -B -q -DskipTests -pl tools/bench -am package || die "the build failed"
  fi
  # the Kafka clients' INFO lines (every configuration, in full) would bury the few lines of the answer
  MAILLAGE_KAFKA_BOOTSTRAP="$KAFKA_BOOTSTRAP" "$JAVA" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$jar:tools/bench/target/lib/*" fr.maillage.bench.DeadLetterTool "$@"
}
