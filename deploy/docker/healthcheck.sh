#!/usr/bin/env bash
# healthcheck [path]: succeeds when GET http://127.0.0.1:$MAILLAGE_HTTP_PORT<path> answers
# HTTP 200 with {"status":"UP"...} or DEGRADED (a consumer paused while the store is away: a
# restart would not bring the store back). Plain bash (/dev/tcp): the JRE image needs no curl or wget.
# Used by the image's HEALTHCHECK and by deploy/compose/docker-compose.yml.
set -uo pipefail
path="${1:-/actuator/health}"
port="${MAILLAGE_HTTP_PORT:?MAILLAGE_HTTP_PORT is not set}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n\r\n' "$path" >&3
response="$(timeout 4 cat <&3)" || exit 1
status_line="${response%%$'\r'*}"
[[ "$status_line" == "HTTP/1."?" 200"* ]] || exit 1
# the last "status" is the service's own: Jackson 3 writes properties in alphabetical order, so the
# components (each with a status of its own) and the groups come before it
status="${response##*\"status\":\"}"
status="${status%%\"*}"
[[ "$status" == UP || "$status" == DEGRADED ]]
