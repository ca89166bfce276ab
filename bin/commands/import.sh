#!/usr/bin/env bash
# import cget-2019 FILE   import the CGET 2019 base of tiers-lieux into the running registry

# Posts FILE to the registry with the national key and prints what happened to its rows. The full
# answer (the rejected rows with their line and reason, the first 1,000) is kept under $MAILLAGE_HOME/imports/.
# CONTACT and MAIL, the personal data of the base, are not kept by the registry.
cmd_import() {
  local format="${1:-}" file="${2:-}"
  (($# == 2)) || die "usage: ./maillage import cget-2019 FILE   (the CSV of the CGET 2019 base, from data.gouv.fr)"
  [[ "$format" == cget-2019 ]] || die "unknown format '$format': the only one is cget-2019"
  [[ "$file" == /* ]] || file="$CALLER_PWD/$file" # relative to where the command was typed
  [[ -e "$file" ]] || die "no such file: $file"
  [[ -f "$file" ]] || die "not a regular file: $file"
  [[ -r "$file" ]] || die "cannot read $file (permissions)"
  local size
  size="$(wc -c <"$file" | tr -d '[:space:]')"
  ((size > 0)) || die "$file is empty"
  ((size < 1048576)) || die "$file is $size bytes; the registry takes files under 1 MiB"
  [[ -r "$NATIONAL_KEY_FILE" ]] || die "no national key in $NATIONAL_KEY_FILE: start the stack first (./maillage up)"
  command -v curl >/dev/null 2>&1 || die "curl is needed to talk to the registry"

  local url="http://localhost:$REGISTRY_PORT/api/v1/imports?format=$format"
  local key out code body
  key="$(tr -d '[:space:]' <"$NATIONAL_KEY_FILE")"
  # The key goes to curl on its standard input, never on a command line that `ps` would show.
  out="$(printf 'header = "Authorization: Bearer %s"\n' "$key" |
    curl -sS --max-time 300 -K - -X POST -H 'Content-Type: text/csv; charset=utf-8' \
      --data-binary "@$file" -w '\n%{http_code}' "$url")" ||
    die "the registry does not answer on http://localhost:$REGISTRY_PORT (is it up? ./maillage status)"
  code="${out##*$'\n'}"
  body="${out%$'\n'*}"
  case "$code" in
    200) ;;
    401 | 403) die "the registry refused the key in $NATIONAL_KEY_FILE (HTTP $code): $body" ;;
    413) die "the registry refused $file as too large (HTTP 413)" ;;
    *) die "the import failed (HTTP $code): $body" ;;
  esac

  local report_dir="$MAILLAGE_HOME/imports"
  local report="$report_dir/$format-$(date -u +%Y%m%dT%H%M%SZ).json"
  mkdir -p "$report_dir" && printf '%s\n' "$body" >"$report" || report=""

  local imported updated unchanged kept by_reason rejected=0 reason count
  imported="$(import_number imported "$body")"
  updated="$(import_number updated "$body")"
  unchanged="$(import_number unchanged "$body")"
  kept="$(import_number kept "$body")"
  # Reasons are a fixed vocabulary of the registry (no quote, comma or brace in them).
  by_reason="$(sed -n 's/.*"rejectedByReason":{\([^}]*\)}.*/\1/p' <<<"$body" | tr ',' '\n' |
    sed -n 's/^"\([^"]*\)":\([0-9][0-9]*\)$/\2\t\1/p')"
  while IFS=$'\t' read -r count reason; do
    [[ -n "$count" ]] && rejected=$((rejected + count))
  done <<<"$by_reason"

  say "Imported $file ($format) into the registry:"
  printf '  %-10s %6s\n' imported "$imported" updated "$updated" unchanged "$unchanged" kept "$kept" rejected "$rejected"
  if [[ -n "$by_reason" ]]; then
    while IFS=$'\t' read -r count reason; do
      printf '    %6s  %s\n' "$count" "$reason"
    done <<<"$by_reason"
  fi
  if ((rejected > 0)) && [[ -n "$report" ]]; then
    say "The rejected rows, with their line and reason (the first 1,000 if there are more): $report"
  fi
}

# The number after "name": in a compact JSON answer, or ? when it is missing.
import_number() {
  local found
  found="$(grep -o "\"$1\":[0-9][0-9]*" <<<"$2" | head -n 1 | cut -d: -f2)"
  printf '%s' "${found:-?}"
}
