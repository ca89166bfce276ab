#!/usr/bin/env bash
# bench [--quick] [--duration 60s] [--rebuild-events N]   measure the backbone against raw Kafka on a stack of its own
# Starts a fresh stack under .maillage-bench (ports 29xxx, so a running stack is left alone), measures,
# checks the projections equal what was sent, writes docs/performance.md and stops that stack.

cmd_bench() {
  local jar="tools/bench/target/maillage-bench.jar"
  if [[ ! -f "$jar" || ! -d tools/bench/target/lib ]] || ! all_jars_built; then
    say "building (./mvnw -q -DskipTests package) …"
    ./mvnw -B -q -DskipTests package || die "the build failed"
  fi
  "$JAVA" -Xmx1g -cp "$jar:tools/bench/target/lib/*" fr.maillage.bench.Bench --root "$ROOT" "$@"
}

all_jars_built() {
  local service
  for service in "${SERVICES[@]}"; do
    [[ -f "$(jar_of "$service")" ]] || return 1
  done
  [[ -f "$DEVSTACK_JAR" && -d "$DEVSTACK_LIB" ]]
}
