#!/usr/bin/env bash
# jmh [JMH options]   micro-benchmarks of hot paths with JMH, e.g. ./maillage jmh StoreBenchmark -prof gc
# Builds the benchmarks (test sources of platform/devstack) and runs JMH's own command line on them.

cmd_jmh() {
  local module=platform/devstack
  ./mvnw -B -q -pl "$module" test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt || die "the build failed"
  "$JAVA" -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/jmh-classpath.txt")" \
    org.openjdk.jmh.Main "$@"
}
