#!/usr/bin/env bash
# jmh [--module DIR] [JMH options]   micro-benchmarks of hot paths with JMH, e.g. ./maillage jmh StoreBenchmark -prof gc
# Builds the benchmarks (test sources of platform/devstack, or of the module named) and runs JMH's
# own command line on them: ./maillage jmh --module platform/events IsoTimesBenchmark -prof gc

cmd_jmh() {
  local module=platform/devstack
  if [ "${1:-}" = "--module" ]; then
    [ -n "${2:-}" ] && [ -d "$2" ] || die "--module needs a module directory, e.g. platform/events"
    module="$2"
    shift 2
  fi
  [[ "${MAILLAGE_NO_BUILD:-}" == 1 ]] && die "jmh compiles its benchmarks first, which MAILLAGE_NO_BUILD=1 forbids"
  ./mvnw -B -q -pl "$module" test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt || die "the build failed"
  "$JAVA" -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/jmh-classpath.txt")" \
    org.openjdk.jmh.Main "$@"
}
