#!/usr/bin/env bash
# rebuild reporting   replay every topic into fresh projections and swap when caught up
#
# Sourced by ./maillage, which provides ROOT, MAILLAGE_HOME, NATIONAL_KEY_FILE, REPORTING_PORT, die
# and warn. Starts the rebuild through the reporting-service's national-only endpoint, follows it,
# and prints how many events were replayed and how fast.

# The value of a field of the rebuild's flat JSON answer (a number, a string or null).
rebuild_field() {
  printf '%s' "$1" | tr -d '\n' | sed -nE \
    -e "s/.*\"$2\"[[:space:]]*:[[:space:]]*\"([^\"]*)\".*/\1/p;t" \
    -e "s/.*\"$2\"[[:space:]]*:[[:space:]]*([^\",}[:space:]]*).*/\1/p"
}

# curl with the national key, given on its standard input, never on a command line that `ps` would show.
rebuild_curl() {
  local key="$1"
  shift
  printf 'header = "Authorization: Bearer %s"\n' "$key" | curl -K - "$@"
}

cmd_rebuild() {
  local target="${1:-}"
  [[ "$target" == "reporting" && $# -eq 1 ]] || die "usage: ./maillage rebuild reporting"
  command -v curl >/dev/null 2>&1 || die "no 'curl' found: the rebuild command needs it"
  [[ -r "$NATIONAL_KEY_FILE" ]] || die "no national key at $NATIONAL_KEY_FILE: start the stack with ./maillage up first"
  local key url answer status body state timeout="${MAILLAGE_REBUILD_TIMEOUT:-3600}" started=$SECONDS last=""
  key="$(tr -d '[:space:]' <"$NATIONAL_KEY_FILE")"
  url="http://localhost:$REPORTING_PORT/api/v1/admin/rebuild"

  answer="$(rebuild_curl "$key" -sS --max-time 30 -X POST -w '\n%{http_code}' "$url" 2>&1)" ||
    die "cannot reach the reporting-service at $url (is it up?): ${answer%$'\n'*}"
  status="${answer##*$'\n'}"
  body="${answer%$'\n'*}"
  case "$status" in
    202) printf 'Rebuild of generation %s started: %s events to replay.\n' \
      "$(rebuild_field "$body" generation)" "$(rebuild_field "$body" targetEvents)" ;;
    409) warn "a rebuild is already running; following it" ;;
    *) die "the rebuild was refused ($status): $body" ;;
  esac

  while :; do
    answer="$(rebuild_curl "$key" -sS --max-time 10 -w '\n%{http_code}' "$url" 2>&1)" ||
      die "lost the reporting-service at $url: ${answer%$'\n'*}"
    status="${answer##*$'\n'}"
    body="${answer%$'\n'*}"
    [[ "$status" == 200 ]] || die "cannot read the rebuild status ($status): $body"
    state="$(rebuild_field "$body" state)"
    case "$state" in
      SWAPPED)
        printf 'Replayed %s events in %s s (%s events/s); generation %s is live.\n' \
          "$(rebuild_field "$body" replayedEvents)" "$(rebuild_field "$body" seconds)" \
          "$(rebuild_field "$body" eventsPerSecond)" "$(rebuild_field "$body" liveGeneration)"
        return 0 ;;
      FAILED) die "the rebuild failed: $(rebuild_field "$body" failure)" ;;
      RUNNING)
        local progress
        progress="$(rebuild_field "$body" replayedEvents)/$(rebuild_field "$body" targetEvents)"
        if [[ "$progress" != "$last" ]]; then
          printf '  %s events replayed\n' "$progress"
          last="$progress"
        fi ;;
      *) die "unexpected rebuild status: $body" ;;
    esac
    # by the clock, not by polls: a status read may itself take up to 10 s
    ((SECONDS - started >= timeout)) && die "the rebuild did not finish within $timeout s (it goes on; see GET $url)"
    sleep 1
  done
}
