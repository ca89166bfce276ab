#!/usr/bin/env bash
# simulate [--publishers N] [--rate R] [--duration D]  play N Fabriques publishing activity against the running stack (its sim-* places and reports stay)
#
# Sourced by ./maillage, which gives ROOT, NATIONAL_KEY_FILE, the *_PORT variables, die and warn.
# Other simulator options pass through: --batch B (reports per request), --seed S, --out FILE (the
# expected totals as JSON), --registry/--activity/--reporting URL, --key-file FILE; --help lists them.
# MAILLAGE_SIMULATOR_JAVA_OPTS adds JVM options (e.g. a larger -Xmx for long runs at high rates).

cmd_simulate() {
  local jar="$ROOT/tools/simulator/target/maillage-simulator.jar"
  local lib="$ROOT/tools/simulator/target/lib"
  if [[ ! -f "$jar" || ! -d "$lib" ]]; then
    [[ "${MAILLAGE_NO_BUILD:-}" == 1 ]] && die "the simulator is not built and MAILLAGE_NO_BUILD=1 forbids building it:
  build it with ./mvnw -B -q -DskipTests -pl tools/simulator -am package"
    printf 'Building the simulator (./mvnw -B -q -DskipTests -pl tools/simulator -am package) ...\n'
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl tools/simulator -am package) || die "the simulator build failed (see above)"
  fi
  local arg asks_help=0
  for arg in "$@"; do [[ "$arg" == --help || "$arg" == -h ]] && asks_help=1; done
  # the help needs no stack
  ((asks_help)) || [[ -f "$NATIONAL_KEY_FILE" ]] || die "no national key at $NATIONAL_KEY_FILE: start the stack first (./maillage up)"
  # shellcheck disable=SC2086 # the options are a list of words
  # run from where the command was typed, so that relative --out and --key-file paths mean from there
  (cd "$CALLER_PWD" && "${JAVA:-java}" -XX:+UseSerialGC -Xms64m -Xmx2g ${MAILLAGE_SIMULATOR_JAVA_OPTS:-} \
    -cp "$jar:$lib/*" fr.maillage.simulator.Simulator \
    --registry "http://localhost:$REGISTRY_PORT" \
    --activity "http://localhost:$ACTIVITY_PORT" \
    --reporting "http://localhost:$REPORTING_PORT" \
    --key-file "$NATIONAL_KEY_FILE" \
    "$@")
}
