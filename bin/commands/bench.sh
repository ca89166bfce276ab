#!/usr/bin/env bash
# bench [--quick] [--duration 60s] [--rebuild-events N] [--report FILE]   measure the backbone against raw Kafka on a stack of its own, into docs/performance.md or FILE (--quick: FILE only)
# Starts a fresh stack under .maillage-bench (ports 29xxx, so a running stack is left alone), measures,
# checks the projections equal what was sent, writes docs/performance.md and stops that stack.

cmd_bench() {
  tools_built
  # run from where the command was typed, so that a relative --report FILE is written there
  (cd "$CALLER_PWD" && "$JAVA" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$ROOT/tools/bench/target/maillage-bench.jar:$ROOT/tools/bench/target/lib/*" fr.maillage.bench.Bench \
    --root "$ROOT" "$@")
}

# Builds everything when the tools, a service or the devstack is missing (they start a stack of their own).
tools_built() {
  local service ready=1
  [[ -f tools/bench/target/maillage-bench.jar && -d tools/bench/target/lib ]] || ready=0
  [[ -f "$DEVSTACK_JAR" && -d "$DEVSTACK_LIB" ]] || ready=0
  for service in "${SERVICES[@]}"; do
    [[ -f "$(jar_of "$service")" ]] || ready=0
  done
  if ((!ready)); then
    [[ "${MAILLAGE_NO_BUILD:-}" == 1 ]] && die "the tools or the services are not built and MAILLAGE_NO_BUILD=1 forbids building them:
  build first with ./mvnw -B -q -DskipTests package"
    say "building (./mvnw -q -DskipTests package) …"
    ./mvnw -B -q -DskipTests package || die "the build failed"
  fi
}
