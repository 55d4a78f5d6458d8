#!/usr/bin/env bash
# Checks the Dockerfiles of several repositories and mails the Markdown report when anything
# is stale or could not be checked. Meant for cron:
#
#   0 6 * * 1  REPORT_TO=platform@example.com /opt/stalebase/cron-report.sh /srv/checkouts/*
#
# Needs stalebase and a `mail` command (bsd-mailx or mailutils) on PATH. Each argument is a
# checked-out repository; its .stalebase.yaml, if any, applies to it. Exit code: the worst
# stalebase exit code seen (0 when everything is current).
set -uo pipefail
to=${REPORT_TO:?set REPORT_TO to the address that gets the report}
subject_prefix=${REPORT_SUBJECT:-stalebase report}
report=$(mktemp)
trap 'rm -f "$report"' EXIT
worst=0
for repo in "$@"; do
  echo "## $(basename "$repo")" >>"$report"
  echo >>"$report"
  (cd "$repo" && stalebase check --format markdown .) >>"$report" 2>>"$report.err"
  code=$?
  [ "$code" -gt "$worst" ] && worst=$code
  if [ -s "$report.err" ]; then
    { echo; echo '```'; cat "$report.err"; echo '```'; } >>"$report"
  fi
  rm -f "$report.err"
  echo >>"$report"
done
if [ "$worst" -ne 0 ]; then
  mail -s "$subject_prefix: $( [ "$worst" -eq 1 ] && echo 'stale base images' || echo "problems (exit $worst)")" \
    "$to" <"$report"
fi
exit "$worst"
