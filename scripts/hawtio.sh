#!/usr/bin/env bash
# Starts Hawtio 2 (io.hawt:hawtio-app) attached to a running xero-sync's read-only Jolokia and prints the URL to open.
#   scripts/hawtio.sh [port]        (default 8095; or HAWTIO_PORT)
#   XERO_SYNC_JOLOKIA=http://127.0.0.1:9876/observe/jolokia   where xero-sync's management server serves Jolokia
# Hawtio stays in the foreground; Ctrl-C stops it. It listens on 127.0.0.1 only: it has no login, and its proxy can
# reach anything on localhost (the admin page too), so never publish it. From elsewhere: ssh -L 8095:127.0.0.1:8095 <server>
set -euo pipefail

VERSION=2.17.7
PORT="${1:-${HAWTIO_PORT:-8095}}"
JOLOKIA="${XERO_SYNC_JOLOKIA:-http://127.0.0.1:9876/observe/jolokia}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/hawtio"
JAR="$CACHE/hawtio-app-$VERSION.jar"
LOG="$CACHE/hawtio-$PORT.log"

# split the Jolokia URL into scheme, host, port and path: Hawtio's proxy is addressed as proxy/<scheme>/<host>/<port>/<path>
[[ "$JOLOKIA" =~ ^(https?)://([^:/]+):([0-9]+)/(.*[^/])/?$ ]] \
  || { echo "XERO_SYNC_JOLOKIA must look like http://host:port/path, not $JOLOKIA" >&2; exit 2; }
SCHEME="${BASH_REMATCH[1]}" JHOST="${BASH_REMATCH[2]}" JPORT="${BASH_REMATCH[3]}" JPATH="${BASH_REMATCH[4]}"

# download the runnable jar once (Maven Central, through the local Maven repository)
if [[ ! -f "$JAR" ]]; then
  mkdir -p "$CACHE"
  echo "Downloading io.hawt:hawtio-app:$VERSION into $CACHE ..."
  out=$(cd "$CACHE" && mvn -q -B dependency:copy -Dartifact="io.hawt:hawtio-app:$VERSION" -DoutputDirectory="$CACHE" 2>&1) \
    || { echo "$out" >&2; exit 1; }
fi

# xero-sync should be running; Hawtio starts anyway, but the connection shows nothing until it is
curl -fsS -o /dev/null --max-time 5 "$JOLOKIA/version" \
  || echo "warning: no Jolokia answers at $JOLOKIA (is xero-sync running? camel.management.port?)" >&2

# hawtio.authenticationEnabled=false: no login page (hawtio-app's default anyway; stated so it cannot change)
# hawtio.proxyAllowlist: hosts its proxy may reach; localhost and 127.0.0.1 are always allowed, so this matters only
#   when XERO_SYNC_JOLOKIA names another host
java -Dhawtio.authenticationEnabled=false -Dhawtio.proxyAllowlist="$JHOST" \
     -jar "$JAR" --host 127.0.0.1 --port "$PORT" --openUrl false >"$LOG" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT INT TERM

# wait until Hawtio answers (a few seconds)
for _ in $(seq 60); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/hawtio/" && break
  kill -0 "$PID" 2>/dev/null || { echo "Hawtio did not start; see $LOG" >&2; tail -5 "$LOG" >&2; exit 1; }
  sleep 1
done

# ?jolokiaUrl= makes Hawtio 2 save a connection named by title and open it: no Connect tab to fill in
cat <<MSG
Hawtio $VERSION is running (log: $LOG). Open, already connected to xero-sync:

  http://localhost:$PORT/hawtio/?jolokiaUrl=/hawtio/proxy/$SCHEME/$JHOST/$JPORT/$JPATH&title=xero-sync

(or by hand: http://localhost:$PORT/hawtio/ -> Connect -> Remote -> Add connection: name xero-sync, scheme $SCHEME,
 host $JHOST, port $JPORT, path /$JPATH -> Add -> Connect, which opens it in a new tab)
Read-only: Jolokia refuses operations and writes, so Start/Stop and JMX operations fail with "forbidden".
Ctrl-C stops Hawtio.
MSG
wait "$PID"
