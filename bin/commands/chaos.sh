#!/usr/bin/env bash
# chaos [--events N]   publish while killing reporting twice, Kafka once, stopping MongoDB 10 s; then count
# Runs on a fresh stack of its own under .maillage-chaos (ports 39xxx); its last line is
# 'chaos: sent=<n> counted=<n> lost=<n> duplicated=<n> dead-lettered=<n>', exit 0 only when nothing was lost or doubled.

cmd_chaos() {
  local jar="tools/bench/target/maillage-bench.jar"
  if [[ ! -f "$jar" || ! -d tools/bench/target/lib ]] || ! chaos_jars_built; then
    say "building (./mvnw -q -DskipTests package) …"
    ./mvnw -B -q -DskipTests package || die "the build failed"
  fi
  "$JAVA" -Xmx512m -cp "$jar:tools/bench/target/lib/*" fr.maillage.bench.Chaos --root "$ROOT" "$@"
}

chaos_jars_built() {
  local service
  for service in "${SERVICES[@]}"; do
    [[ -f "$(jar_of "$service")" ]] || return 1
  done
  [[ -f "$DEVSTACK_JAR" && -d "$DEVSTACK_LIB" ]]
}
