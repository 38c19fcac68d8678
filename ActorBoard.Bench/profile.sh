#!/usr/bin/env bash
# Profiles ActorBoard under wrk load with Linux perf, as the README's performance section quotes.
#   bash ActorBoard.Bench/profile.sh sqlite 1      # POST / on SQLite, one connection
#   bash ActorBoard.Bench/profile.sh memory 32     # POST / on the memory journal, 32 connections
# Needs: apt-get install -y linux-perf wrk; a Release build (dotnet build -c Release).
# Prints where the server's CPU samples fall (kernel, JIT-compiled .NET code, runtime, SQLite) and
# the hottest symbols, .NET methods by name (the runtime writes /tmp/perf-PID.map for perf).
set -euo pipefail
cd "$(dirname "$0")/.."
storage=${1:-sqlite}
connections=${2:-1}
port=${PORT:-8189}
management=$((port + 1))   # the operator's listener, where /metrics is
folder=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$folder"' EXIT

case "$storage" in
  sqlite) store=(--Board:Storage=Sqlite "--ConnectionStrings:Board=Data Source=$folder/board.db") ;;
  memory) store=(--Board:Storage=Memory) ;;
  *) echo "storage: sqlite or memory" >&2; exit 2 ;;
esac

DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  dotnet ActorBoard.Server/bin/Release/net10.0/ActorBoard.Server.dll \
  --urls "http://127.0.0.1:$port" --Board:ManagementUrls="http://127.0.0.1:$management" --Logging:LogLevel:Default=Warning --Board:PostsPerMinutePerClient=0 --Board:MaxMessagesPerBoard=0 "${store[@]}" > "$folder/server.log" 2>&1 &
server=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.2; done

script=ActorBoard.Bench/Load/requests.lua
wrk -t1 -c"$connections" -d10s -s "$script" "http://127.0.0.1:$port" -- POST / > /dev/null   # warm-up: JIT tiers, SQLite file
# The server's own metrics around the measured run: a post's time in the request, and the part of
# it spent in the journal write (from the board's PersistAsync to its callback).
totals() {
  curl -s "http://127.0.0.1:$management/metrics" | awk '
    /^actorboard_journal_write_duration_seconds_(sum|count)/ { journal[$1 ~ /_sum/ ? "sum" : "count"] += $NF }
    /^http_server_request_duration_seconds_(sum|count)/ && /http_request_method="POST"/ { request[$1 ~ /_sum/ ? "sum" : "count"] += $NF }
    END { print journal["sum"], journal["count"], request["sum"], request["count"] }'
}
before=$(totals)
wrk -t1 -c"$connections" -d12s -s "$script" "http://127.0.0.1:$port" -- POST / | grep -E "Requests/sec" &
sleep 1
perf record -F 999 -g -p "$server" -o "$folder/perf.data" -- sleep 8 2> /dev/null
wait %2 2> /dev/null || true
after=$(totals)

echo "== a post's time by the server's metrics (means over the measured run) =="
echo "$before $after" | awk '{
  printf "request %.3f ms; journal write %.3f ms (%d writes for %d posts: %.2f posts a write)\n",
    1000 * ($7 - $3) / ($8 - $4), ($6 > $2 ? 1000 * ($5 - $1) / ($6 - $2) : 0), $6 - $2, $8 - $4, ($6 > $2 ? ($8 - $4) / ($6 - $2) : 0) }'

echo "== where the server's CPU goes (by binary) =="
perf report -i "$folder/perf.data" --no-children --sort dso -g none 2> /dev/null | grep '%' | head -8
echo "== hottest symbols =="
perf report -i "$folder/perf.data" --no-children --sort sym -g none 2> /dev/null | grep '%' | head -25 | cut -c1-170
echo "== callers of the scheduler (thread hand-offs and spinning) =="
perf report -i "$folder/perf.data" --no-children --sort sym -G --percent-limit 5 2> /dev/null \
  | grep -E 'sched_yield|LowLevelLifoSemaphore|UnfairSemaphore|futex|epoll_wait' | head -10 | cut -c1-170
