#!/usr/bin/env bash
# Side-by-side benchmark of adot-resolver, PowerDNS Recursor and Unbound against the same test universe on loopback.
# Run as root from anywhere: bash bench/run.sh   (about 50 minutes on 2 cores). See bench/README.md.
#
# Environment knobs (defaults in brackets):
#   THREADS_LIST ["1 2"]  worker threads of every resolver, one matrix row per value
#   RESOLVERS ["adot pdns unbound adot-alt"]  adot-alt: adot again with ADOT_ALT_JAVA_OPTS (skipped when that is empty)
#   ADOT_ALT_JAVA_OPTS ["-XX:+UseSerialGC -Xms32m -Xmn24m -Xmx1g ..."]  other JVM options to compare (the serial ones used before)
#   NAMES [50000]         names per generated zone (cold-miss workloads ask each once)
#   HIT_NAMES [5000]      names in the cache-hit query file (a subset of the cold-run names)
#   HIT_SECONDS [20]      length of the cache-hit runs
#   MIX_THREADS [last of THREADS_LIST]  threads for adot's probing on/off mixed run ("" skips it)
#   MIX_QPS [10000]       the mixed runs' fixed query rate (latency is compared at the same offered load)
#   MIX_CLIENTS [100]     dnsperf client sockets in the mixed runs (spread evenly over the resolver's UDP sockets)
#   MIX_ROUNDS [6]        rounds of one probing-on and one probing-off process, loaded in turns
#   MIX_SLICE [3] MIX_SLICES [14]  each process's turns: seconds each (2 x MIX_SLICE must stay well under the DoT
#                         client's 10 s idle timeout), and how many per round
#   MIX_WARM_SECONDS [20] the mixed runs' warm-up at that rate, with other misses
#   MIX_QUIET_MAX [6]     at most this many rounds of 4 unmeasured turns each, until the JIT compilers are quiet
#   MIX_AA [1]            1 adds an A/A round per mode (two processes of the same mode): the method's resolution
#   MIX_CONTROL [1]       N adds N control rounds (spread over the on/off rounds, pooled like them; 0: none): two
#                         probing-off processes, one of them (alternately the second and the first) loaded in its
#                         turns beside dnsperf sending the probing-on process's DoT rate (MIX_QPS / 20) straight to the DoT zone's server: what
#                         the authoritative servers' TLS, on the same cores, costs a resolver that does no DoT itself
#   MIX_ONLY [0]          1 runs only adot's mixed probing on/off rounds (the other workloads and resolvers are skipped;
#                         WRITE_DOCS and SKIP_JMH then default to 0 and 1: a partial run never replaces the docs' results)
#   ADOT_CPUS/LOAD_CPUS [""]  CPU lists (taskset -c) for the adot processes, and for the universe, NSD and the measured
#                         dnsperf runs: a control experiment (with MIX_ONLY=1) that keeps the load generator and the
#                         authoritative servers off adot's cores; PowerDNS and Unbound are not pinned ("" = no pinning)
#   AUTH [nsd]            who serves the three generated zones: nsd (NSD, a C daemon, on 127.53.1.1-3, DoT for the DoT zone
#                         through OpenSSL) or universe (the testkit universe's own Java servers, as before 2026-12-05);
#                         the root, test. and the rest are the universe's either way
#   SKIP_INSTALL/SKIP_BUILD/SKIP_JMH [0]  1 skips that step
#   PROFILE [0]           1 records a JFR file per timed adot phase (the mixed rounds: one per process, over
#                         its round's turns) and prints its hot spots (slows adot a little)
#   WRITE_DOCS [1]        0 leaves docs/benchmarks.md alone (results stay in the work directory)
#   QUIET_WAIT [60]       seconds to wait, before each timed phase, for other load on the machine to stop
#   KEEP_WORK [0]         1 keeps the temporary work directory (logs, raw dnsperf summaries, JFR files)
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
THREADS_LIST=${THREADS_LIST:-"1 2"}
RESOLVERS=${RESOLVERS:-"adot pdns unbound adot-alt"}
ADOT_ALT_JAVA_OPTS=${ADOT_ALT_JAVA_OPTS-"-XX:+UseSerialGC -Xms32m -Xmn24m -Xmx1g -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"}
NAMES=${NAMES:-50000}
HIT_NAMES=${HIT_NAMES:-5000}
HIT_SECONDS=${HIT_SECONDS:-20}
MIX_QPS=${MIX_QPS:-10000}
MIX_CLIENTS=${MIX_CLIENTS:-100}
MIX_ROUNDS=${MIX_ROUNDS:-6}
MIX_SLICE=${MIX_SLICE:-3}
MIX_SLICES=${MIX_SLICES:-14}
MIX_WARM_SECONDS=${MIX_WARM_SECONDS:-20}
MIX_QUIET_MAX=${MIX_QUIET_MAX:-6}
MIX_AA=${MIX_AA:-1}
MIX_CONTROL=${MIX_CONTROL:-1}
BG_DOT_PID=""        # the control round's background dnsperf while it runs (cleanup stops it)
MIX_ONLY=${MIX_ONLY:-0}
ADOT_CPUS=${ADOT_CPUS:-}
LOAD_CPUS=${LOAD_CPUS:-}
AUTH=${AUTH:-nsd}
MIX_THREADS=${MIX_THREADS-${THREADS_LIST##* }}
SKIP_INSTALL=${SKIP_INSTALL:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
SKIP_JMH=${SKIP_JMH:-$([ "${MIX_ONLY:-0}" = 1 ] && echo 1 || echo 0)}
PROFILE=${PROFILE:-0}
WRITE_DOCS=${WRITE_DOCS:-$([ "${MIX_ONLY:-0}" = 1 ] && echo 0 || echo 1)}
KEEP_WORK=${KEEP_WORK:-0}

ADOT_PORT=5301
ADOT2_PORT=5304      # the second adot process of the mixed rounds
ADOT2_METRICS=127.0.0.1:9304
PDNS_PORT=5302
UNBOUND_PORT=5303
ADOT_METRICS=127.0.0.1:9301
CLIENTS=10           # dnsperf -c
OUTSTANDING=100      # dnsperf -q
COLD_LIMIT=120       # seconds: bound on one cold-miss run
WARM_SECONDS=3       # JIT / branch-predictor warm-up before a timed run
PLAIN_ZONE=plain.bench.test
PLAIN2_ZONE=plain2.bench.test
DOT_ZONE=dot.bench.test

WORK=$(mktemp -d /tmp/adot-bench.XXXXXX)
RESULTS=$WORK/results.tsv
: >"$WORK/reuse.tsv"
: >"$WORK/mixed-aa.tsv"; : >"$WORK/mixed-ctl.tsv"; : >"$WORK/mixed-interval.tsv"
NOTES=$WORK/notes.txt
PIDS=()
NSD_PIDS=()          # with AUTH=nsd, the two NSD servers' first processes

log() { printf '%s [bench] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------------------------------------------ processes
cleanup() {
  local pid
  if [ -n "${BG_DOT_PID:-}" ]; then kill "$BG_DOT_PID" 2>/dev/null || true; fi
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait_gone "$pid" 10 || true
  done
  if [ "$KEEP_WORK" = 1 ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_gone PID SECONDS: waits for PID to exit, then kills it hard
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt "$deadline" ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}

# pinned CPUS: sets PIN to the command prefix that runs a command on the CPU list CPUS (taskset -c, which execs the
# command: its pid stays the one start_bg records), or to nothing when CPUS is empty
pinned() {
  PIN=()
  if [ -n "$1" ]; then PIN=(taskset -c "$1"); fi
}

# start_bg LOGFILE CMD...: starts CMD as a child of this script; its pid in $BG_PID
start_bg() {
  local logfile=$1; shift
  "$@" >"$logfile" 2>&1 &
  BG_PID=$!
  PIDS+=("$BG_PID")
}

stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 15
}

# cpu_seconds PID: user+system CPU time of the process so far
cpu_seconds() {
  local ticks; ticks=$(getconf CLK_TCK)
  awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat"
}

# auth_cpu_seconds: user+system CPU time so far of the authoritative side: the universe, and with AUTH=nsd the NSD
# processes (each NSD forks a main and a server process; the server answers the queries)
auth_cpu_seconds() {
  local pid total=0
  for pid in $UNIVERSE_PID $(auth_pids); do
    total=$(awk -v s="$total" -v c="$(cpu_seconds "$pid" 2>/dev/null || echo 0)" 'BEGIN { printf "%.2f", s + c }')
  done
  echo "$total"
}

# auth_pids: the NSD processes: those started here and all their descendants
auth_pids() {
  local todo=("${NSD_PIDS[@]:-}") pid kids k
  while [ ${#todo[@]} -gt 0 ]; do
    pid=${todo[0]}; todo=("${todo[@]:1}")
    [ -n "$pid" ] || continue
    echo "$pid"
    kids=$(cat "/proc/$pid/task/"*/children 2>/dev/null || true)
    for k in $kids; do todo+=("$k"); done
  done
}

# mem_mb PID FIELD: VmRSS / VmHWM in MiB
mem_mb() { awk -v f="$2:" '$1 == f { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# wait_dns PORT PID: until the server on PORT answers anything (RD=0: nothing gets resolved or cached)
wait_dns() {
  local port=$1 pid=$2 deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    if dig +norecurse +time=1 +tries=1 @127.0.0.1 -p "$port" . NS 2>/dev/null | grep -q 'status:'; then return 0; fi
    sleep 0.3
  done
  return 1
}

# busy_percent PID...: CPU busy on the whole machine over 1 s, less what the given processes (ours) used: the load of
# other people's work
busy_percent() {
  local a b
  a=$(own_and_total_ticks "$@")
  sleep 1
  b=$(own_and_total_ticks "$@")
  echo "$a $b" | awk '{ d = $6 - $3; x = (d > 0 ? 100 * (($5 - $2) - ($4 - $1)) / d : 0); printf "%.0f", (x < 0 ? 0 : x) }'
}

# own_and_total_ticks PID...: "OWN BUSY TOTAL" clock ticks: the processes' user+system, the machine's busy and total
own_and_total_ticks() {
  local own=0 pid t
  for pid in "$@"; do
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    own=$((own + t))
  done
  awk -v own="$own" '/^cpu / { print own, $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat
}

# wait_quiet: before a timed phase, waits (at most QUIET_WAIT s) for other people's load to go below 20 % (the
# resolver's and the universe's own CPU do not count); BG_BUSY is the last reading, noted in the results
wait_quiet() {
  local deadline=$((SECONDS + ${QUIET_WAIT:-60}))
  BG_BUSY=$(busy_percent ${UNIVERSE_PID:-} $(auth_pids) ${RES_PID:-})
  while [ "$BG_BUSY" -gt 20 ] && [ $SECONDS -lt $deadline ]; do
    log "other load on the machine: ${BG_BUSY}% busy; waiting"
    sleep 2
    BG_BUSY=$(busy_percent ${UNIVERSE_PID:-} $(auth_pids) ${RES_PID:-})
  done
}

# ------------------------------------------------------------------------------------------------ 1. install
install_peers() {
  local missing=()
  command -v pdns_recursor >/dev/null || missing+=(pdns-recursor)
  command -v unbound >/dev/null || missing+=(unbound)
  command -v dnsperf >/dev/null || missing+=(dnsperf)
  command -v dig >/dev/null || missing+=(bind9-dnsutils)
  if [ "$AUTH" = nsd ]; then
    command -v nsd >/dev/null || missing+=(nsd)
    command -v openssl >/dev/null || missing+=(openssl)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  # Keep the packages' postinst from starting their services (they would take port 53): the Debian policy hook.
  local policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$WORK/apt.log" 2>&1 \
    || { [ $policy_added = 1 ] && rm -f /usr/sbin/policy-rc.d; cat "$WORK/apt.log" >&2; die "apt-get install failed"; }
  [ $policy_added = 1 ] && rm -f /usr/sbin/policy-rc.d
  # If a service was started anyway, stop it: by systemd where it runs, else by the pid file the package wrote.
  if [ -d /run/systemd/system ]; then
    systemctl disable --now pdns-recursor.service unbound.service unbound-resolvconf.service nsd.service >/dev/null 2>&1 || true
  fi
  local f pid
  for f in /run/unbound.pid /run/pdns-recursor/pdns_recursor.pid /run/nsd/nsd.pid; do
    [ -r "$f" ] || continue
    pid=$(cat "$f")
    case "$(cat "/proc/$pid/comm" 2>/dev/null)" in
      unbound|pdns_recursor|pdns_r*|nsd) log "stopping $(cat "/proc/$pid/comm") ($pid) started by its package"; kill "$pid" || true ;;
    esac
  done
}

# ------------------------------------------------------------------------------------------------ 4. resolvers
# start_adot THREADS PROBES LABEL [JAVA_OPTS]: without JAVA_OPTS the start script's own defaults apply
start_adot() {
  local threads=$1 probes=$2 label=$3 java_opts=${4:-} dir=$WORK/adot-$3
  mkdir -p "$dir"
  cat >"$dir/adot.conf" <<EOF
incoming.listen = ["127.0.0.1:$ADOT_PORT"]
incoming.allow-from = ["127.0.0.0/8"]
recursor.root-hints-file = "$WORK/root.hints"
recursor.threads = $threads
outgoing.dont-query = []
outgoing.max-busy-dot-probes = $probes
control.socket = "$dir/control.sock"
metrics.listen = "$ADOT_METRICS"
logging.level = "WARN"
EOF
  pinned "$ADOT_CPUS"
  if [ -n "$java_opts" ]; then
    start_bg "$dir/adot.log" "${PIN[@]}" env JAVA_OPTS="$java_opts" \
      "$ROOT/distribution/target/adot-resolver/bin/adot-resolver" --config "$dir/adot.conf"
  else
    start_bg "$dir/adot.log" "${PIN[@]}" \
      "$ROOT/distribution/target/adot-resolver/bin/adot-resolver" --config "$dir/adot.conf"
  fi
  RES_PID=$BG_PID
  wait_dns $ADOT_PORT "$RES_PID" || { cat "$dir/adot.log" >&2; die "adot-resolver did not start"; }
}

start_pdns() {
  local threads=$1 probes=$2 label=$3 dir=$WORK/pdns-$3
  mkdir -p "$dir"
  : >"$dir/recursor.conf" # an empty config dir: nothing from /etc/powerdns applies
  start_bg "$dir/pdns.log" pdns_recursor --config-dir="$dir" --socket-dir="$dir" --daemon=no --write-pid=no \
    --disable-syslog=yes --loglevel=4 --local-address=127.0.0.1 --local-port=$PDNS_PORT \
    --allow-from=127.0.0.0/8 --hint-file="$WORK/root.hints" --dont-query= --threads="$threads" --dnssec=off \
    --max-busy-dot-probes="$probes" --security-poll-suffix=
  RES_PID=$BG_PID
  wait_dns $PDNS_PORT "$RES_PID" || { cat "$dir/pdns.log" >&2; die "pdns_recursor did not start"; }
}

start_unbound() {
  local threads=$1 label=$3 dir=$WORK/unbound-$3
  mkdir -p "$dir"
  # test. is one of Unbound's built-in blocked special-use zones (RFC 6761): nodefault lets the universe's test. in.
  cat >"$dir/unbound.conf" <<EOF
server:
  interface: 127.0.0.1
  port: $UNBOUND_PORT
  num-threads: $threads
  access-control: 127.0.0.0/8 allow
  do-not-query-localhost: no
  root-hints: "$WORK/root.hints"
  module-config: "iterator"
  local-zone: "test." nodefault
  do-ip6: no
  do-daemonize: no
  chroot: ""
  username: ""
  directory: "$dir"
  pidfile: ""
  use-syslog: no
  logfile: ""
  verbosity: 0
remote-control:
  control-enable: no
EOF
  start_bg "$dir/unbound.log" unbound -d -c "$dir/unbound.conf"
  RES_PID=$BG_PID
  wait_dns $UNBOUND_PORT "$RES_PID" || { cat "$dir/unbound.log" >&2; die "unbound did not start"; }
}

port_of() { case $1 in adot|adot-alt) echo $ADOT_PORT ;; pdns) echo $PDNS_PORT ;; unbound) echo $UNBOUND_PORT ;; esac; }

# transport_note RESOLVER LABEL: how many outgoing queries went over DoT (where the resolver tells)
transport_note() {
  case $1 in
    adot|adot-alt)
      curl -s --max-time 3 "http://$ADOT_METRICS/metrics" 2>/dev/null | awk '
        /^adot_outgoing_queries_seconds_count/ { split($0, a, "transport=\""); split(a[2], b, "\""); n[b[1]] += $NF }
        /^adot_dot_probes_succeeded_total/ { ok += $NF }
        END { printf "outgoing: do53-udp %d, do53-tcp %d, dot %d; probes ok %d", n["do53-udp"], n["do53-tcp"], n["dot"], ok }' ;;
    pdns)
      local dir=$WORK/pdns-$2 all dot
      all=$(rec_control --socket-dir="$dir" --timeout=3 get all-outqueries 2>/dev/null || echo "?")
      dot=$(rec_control --socket-dir="$dir" --timeout=3 get dot-outqueries 2>/dev/null || echo "?")
      echo "outgoing: all $all, dot $dot" ;;
    *) echo "outgoing: Do53 only (no opportunistic DoT in Unbound)" ;;
  esac
}

# dot_counters RESOLVER: "QUERIES OPENED REUSED" of adot's DoT client so far (empty for the others)
dot_counters() {
  case $1 in
    adot|adot-alt)
      curl -s --max-time 3 "http://$ADOT_METRICS/metrics" 2>/dev/null | awk '
        /^adot_dot_queries_sent_total/ { q = $NF } /^adot_dot_connections_opened_total/ { o = $NF }
        /^adot_dot_connections_reused_total/ { r = $NF }
        END { printf "%d %d %d", q, o, r }' ;;
  esac
}

# dot_reuse RESOLVER BEFORE AFTER: the share (%) of the DoT queries sent between two dot_counters readings that went
# on a connection already established (empty when none was sent)
dot_reuse() {
  [ -n "$2" ] && [ -n "$3" ] || return 0
  echo "$2 $3" | awk '{ q = $4 - $1; r = $6 - $3; if (q > 0) printf "%.2f", 100 * r / q }'
}

# ------------------------------------------------------------------------------------------------ 5. workloads
# perf LABEL PORT FILE DNSPERF-ARGS...: runs dnsperf -v, sets QPS MEAN_MS P99_MS DONE SENT TIMEOUTS RCODES
perf() {
  local label=$1 port=$2 file=$3; shift 3
  local raw=$WORK/$label.dnsperf
  pinned "$LOAD_CPUS"
  "${PIN[@]}" dnsperf -s 127.0.0.1 -p "$port" -d "$file" -c $CLIENTS -q $OUTSTANDING -v "$@" >"$raw" 2>&1 || true
  grep -v '^> ' "$raw" >"$WORK/$label.summary" || true
  QPS=$(awk -F: '/Queries per second/ { gsub(/ /, "", $2); printf "%.0f", $2 }' "$raw")
  MEAN_MS=$(awk -F: '/Average Latency/ { split($2, a, " "); printf "%.3f", a[1] * 1000 }' "$raw")
  SENT=$(awk -F: '/Queries sent/ { gsub(/ /, "", $2); print $2 }' "$raw")
  DONE=$(awk -F: '/Queries completed/ { split($2, a, " "); print a[1] }' "$raw")
  RCODES=$(awk -F'Response codes:' 'NF > 1 { gsub(/^ +/, "", $2); print $2 }' "$raw")
  read -r P99_MS TIMEOUTS < <(p99_of "$raw")
  # KEEP_LATENCIES=FILE: the replies' lines are added to FILE (the mixed runs pool several runs)
  if [ -n "${KEEP_LATENCIES:-}" ]; then grep '^> ' "$raw" >>"$KEEP_LATENCIES" || true; fi
  if [ -n "${KEEP_LATENCIES2:-}" ]; then grep '^> ' "$raw" >>"$KEEP_LATENCIES2" || true; fi
  rm -f "$raw"
  [ -n "$QPS" ] || QPS=0
}

# p99_of FILE: prints "P99_MS TIMEOUTS" from every reply's latency in FILE (dnsperf -v prints
# "> RCODE NAME TYPE SECONDS"; timeouts are "> T ...")
p99_of() {
  awk '
    /^> / { if ($2 == "T") { t++; next } us = int($NF * 1000000); h[us]++; n++; if (us > max) max = us }
    END {
      if (n == 0) { print "nan", t + 0; exit }
      want = n * 0.99; c = 0
      for (i = 0; i <= max; i++) if (i in h) { c += h[i]; if (c >= want) break }
      printf "%.3f %d\n", i / 1000, t + 0
    }' "$1"
}

# record RESOLVER THREADS WORKLOAD CPU RSS HWM NOTE: one result row
record() {
  local note="bg ${BG_BUSY:-?}%${7:+; $7}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$QPS" "$MEAN_MS" "$P99_MS" \
    "$DONE" "$SENT" "$4" "$5" "$6" "$RCODES" "$note" >>"$RESULTS"
  log "$1 t=$2 $3: ${QPS} qps, mean ${MEAN_MS} ms, p99 ${P99_MS} ms, ${DONE}/${SENT} answered [$RCODES], cpu ${4}s, rss ${5} MiB (peak ${6}) $note"
}

record_skipped() {
  printf '%s\t%s\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"
  log "$1 t=$2 $3: $4"
}

start_resolver() { # RESOLVER THREADS PROBES LABEL
  case $1 in
    adot) start_adot "$2" "$3" "$4" ;;
    adot-alt) start_adot "$2" "$3" "alt-$4" "$ADOT_ALT_JAVA_OPTS" ;;
    pdns) start_pdns "$2" "$3" "$4" ;;
    unbound) start_unbound "$2" "$3" "$4" ;;
  esac
}

# profile_start RESOLVER PID / profile_stop RESOLVER PID LABEL: with PROFILE=1, a JFR recording of one adot phase
# (jcmd, settings=profile), summarised by adot.bench.JfrHotspots into $WORK/profile.txt
profile_start() {
  [ "$PROFILE" = 1 ] && [ "$1" = adot ] || return 0
  jcmd "$2" JFR.start name=phase settings=profile >/dev/null 2>&1 || log "JFR.start failed"
}

profile_stop() {
  [ "$PROFILE" = 1 ] && [ "$1" = adot ] || return 0
  local f=$WORK/$3.jfr
  jcmd "$2" JFR.stop name=phase filename="$f" >/dev/null 2>&1 || { log "JFR.stop failed"; return 0; }
  { echo; echo "######## adot $3"
    java -cp "$ROOT/bench/target/benchmarks.jar" adot.bench.JfrHotspots "$f" --top 20 2>&1 || true
  } >>"$WORK/profile.txt"
}

# warm_transports RESOLVER LABEL PORT: the warm-up before the two timed transport passes: the last fifth of the DoT
# zone's names, then the last fifth of the second plain zone's (code the DoT pass recompiled settles before either timed
# pass, not in the first)
warm_transports() {
  perf "$1-$2-warm-dot" "$3" "$WORK/q-dot-warm" -n 1 -l $COLD_LIMIT
  perf "$1-$2-warm-do53" "$3" "$WORK/q-plain2-warm" -n 1 -l $COLD_LIMIT
}

# measure_resolver RESOLVER THREADS: from a fresh start, cold Do53 misses, cache hits, a second (warm) cold Do53 pass,
# and cold misses over DoT (adot: in the same process; the others: in a fresh one, warmed up)
measure_resolver() {
  local r=$1 t=$2 port; port=$(port_of "$1")
  local default_probes=50
  [ "$r" = pdns ] && default_probes=0 # each at its own default for the Do53 workloads
  local label="t$t-plain"
  start_resolver "$r" "$t" $default_probes "$label"
  local pid=$RES_PID cpu0 cpu1
  # (b) cold misses over Do53: each name once, from a fresh start
  wait_quiet
  profile_start "$r" "$pid"
  cpu0=$(cpu_seconds "$pid")
  perf "$r-$label-cold" "$port" "$WORK/q-plain" -n 1 -l $COLD_LIMIT
  cpu1=$(cpu_seconds "$pid")
  profile_stop "$r" "$pid" "$r-t$t-cold-do53"
  record "$r" "$t" cold-do53 "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')" \
    "$(mem_mb "$pid" VmRSS)" "$(mem_mb "$pid" VmHWM)" "$(transport_note "$r" "$label")"
  # (a) cache hits: names the cold run answered; warm-up first, then a timed run
  perf "$r-$label-warm" "$port" "$WORK/q-hits" -l $WARM_SECONDS
  wait_quiet
  profile_start "$r" "$pid"
  cpu0=$(cpu_seconds "$pid")
  perf "$r-$label-hits" "$port" "$WORK/q-hits" -l "$HIT_SECONDS"
  cpu1=$(cpu_seconds "$pid")
  profile_stop "$r" "$pid" "$r-t$t-cache-hit"
  record "$r" "$t" cache-hit "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')" \
    "$(mem_mb "$pid" VmRSS)" "$(mem_mb "$pid" VmHWM)" ""
  # Warm-up before (b'), the same for every resolver: the last fifth of the DoT zone's names (adot, probing on by
  # default, gets its server Good on the second of them and sends the rest over DoT), then the last fifth of the
  # second plain zone's. For adot, (b') and (c) then compare the two transports in one process, equally warm, on the
  # first four fifths of each zone.
  local same_process=0
  if [[ $r == adot* ]] && [ "$DOT_CLIENT" = 1 ]; then same_process=1; fi
  warm_transports "$r" "$label" "$port"
  # (b') a second cold pass in the same process: another zone's names (four fifths of them), with the cache already
  # full of the first zone's and (for adot) the JIT warm; the difference to (b) is start-up cost, not steady-state cost
  wait_quiet
  profile_start "$r" "$pid"
  cpu0=$(cpu_seconds "$pid")
  perf "$r-$label-cold2" "$port" "$WORK/q-plain2" -n 1 -l $COLD_LIMIT
  cpu1=$(cpu_seconds "$pid")
  profile_stop "$r" "$pid" "$r-t$t-cold-do53-2nd"
  record "$r" "$t" cold-do53-2nd "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')" \
    "$(mem_mb "$pid" VmRSS)" "$(mem_mb "$pid" VmHWM)" ""

  # (c) cold misses against the DoT-capable zone, probing on (adot 50 = its default, pdns 50): for adot in the same
  # process right after (b'); for the others in a fresh process warmed up as adot's was
  label="t$t-dot"
  if [[ $r == adot* ]] && [ "$DOT_CLIENT" = 0 ]; then
    stop_pid "$pid"
    record_skipped "$r" "$t" cold-dot "not measured (DoT client not yet merged)"
    return 0
  fi
  if [ $same_process = 0 ]; then
    stop_pid "$pid"
    start_resolver "$r" "$t" 50 "$label"
    pid=$RES_PID
    perf "$r-$label-warm" "$port" "$WORK/q-hits" -n 1 -l $COLD_LIMIT
    perf "$r-$label-warm2" "$port" "$WORK/q-hits" -l $WARM_SECONDS
    warm_transports "$r" "$label" "$port"
  fi
  wait_quiet
  local dot0; dot0=$(dot_counters "$r" || true)
  profile_start "$r" "$pid"
  cpu0=$(cpu_seconds "$pid")
  perf "$r-$label-cold" "$port" "$WORK/q-dot" -n 1 -l $COLD_LIMIT
  cpu1=$(cpu_seconds "$pid")
  profile_stop "$r" "$pid" "$r-t$t-cold-dot"
  local reuse; reuse=$(dot_reuse "$r" "$dot0" "$(dot_counters "$r" || true)")
  [ -n "$reuse" ] && printf '%s\t%s\t%s\n' "$r" "$t" "$reuse" >>"$WORK/reuse.tsv"
  record "$r" "$t" cold-dot "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')" \
    "$(mem_mb "$pid" VmRSS)" "$(mem_mb "$pid" VmHWM)" \
    "$(transport_note "$r" "$label")${reuse:+; DoT queries on reused connections during the run: $reuse %}"
  stop_pid "$pid"
  return 0
}

# (d) adot, mixed workload (90 % hits, 10 % misses over both generated zones), probing on (50) and off (0), compared
# in pairs of processes that run at the same time and take turns. Measured one after the other in fresh processes
# (the method until 2026-12-01), one mode's p99 moved by a factor of 2-3 from run to run on this shared 2-core
# machine, whose speed drifts by tens of percent within minutes: far more than the 5 % to be shown. So each round starts
# two processes, one per mode, warms both at once, and then loads them in turn, MIX_SLICE seconds each, in the order
# A B B A A B ... (drift costs both alike), MIX_SLICES times each; a mode's row pools the replies of all its slices
# over MIX_ROUNDS rounds. Two more rounds run two processes of the same mode the same way (A/A): what they differ by
# is the method's resolution. A process waits at most two turns for its next one (A B B A), so with turns of 3 s it is
# never idle for the DoT client's idle timeout (10 s): the probing-on process keeps its connection as under steady load
# (the note counts the DoT connections opened during the turns, which shows if it did not).
measure_mixed() {
  local t=$1 round mode
  rm -f "$WORK"/mixed-*.lat "$WORK"/mixed-*.runs
  : >"$WORK/mixed-aa.tsv"; : >"$WORK/mixed-ctl.tsv"; : >"$WORK/mixed-interval.tsv"
  split -l $((MIX_QPS * MIX_SLICE * 11 / 10)) -d -a 3 "$WORK/q-mixed" "$WORK/q-mixed-slice-"
  local ctl=0
  for ((round = 1; round <= MIX_ROUNDS; round++)); do
    # the slot that starts alternates too
    if ((round % 2)); then mixed_pair "$t" "$round" on off; else mixed_pair "$t" "$round" off on; fi
    # control rounds spread over the on/off ones (after rounds R/N, 2R/N, ... R), so drift reaches both alike
    while ((ctl < MIX_CONTROL && (ctl + 1) * MIX_ROUNDS / MIX_CONTROL <= round)); do
      ctl=$((ctl + 1))
      # the loaded slot alternates, as the starting slot does in the on/off rounds
      local alone=a loaded=b
      if ! ((ctl % 2)); then alone=b; loaded=a; fi
      mixed_pair "$t" "ctl$ctl" off off "$loaded"
      log "adot t=$t control round $ctl, probing off: p99 $(slot_p99 "ctl$ctl" $alone) ms alone, $(slot_p99 "ctl$ctl" $loaded) ms while the DoT zone's server also served $((MIX_QPS / 20)) DoT queries/s"
    done
  done
  for mode in on off; do pooled_mixed_row "$t" "$mode"; done
  mixed_interval "$t"
  if ((MIX_CONTROL > 0)); then control_interval "$t"; fi
  local a b
  if [ "$MIX_AA" = 1 ]; then
    for mode in on off; do
      mixed_pair "$t" "aa-$mode" "$mode" "$mode"
      a=$(slot_p99 "aa-$mode" a); b=$(slot_p99 "aa-$mode" b)
      printf '%s\t%s\t%s\t%s\n' "$t" "$mode" "$a" "$b" >>"$WORK/mixed-aa.tsv"
      log "adot t=$t A/A probing $mode: p99 $a ms and $b ms"
    done
  fi
}

# control_interval THREADS: the control rounds pooled: p99 of the loaded turns and of the turns alone into mixed-ctl.tsv
# ("THREADS ALONE LOADED"), and their ratio with a 95 % interval (adot.bench.P99Ratio, as for on ÷ off) into the log
control_interval() {
  local a b r
  [ -s "$WORK/mixed-ctl-alone.lat" ] && [ -s "$WORK/mixed-ctl-loaded.lat" ] || return 0
  a=$(p99_of "$WORK/mixed-ctl-alone.lat" | cut -d' ' -f1); b=$(p99_of "$WORK/mixed-ctl-loaded.lat" | cut -d' ' -f1)
  printf '%s\t%s\t%s\n' "$1" "$a" "$b" >>"$WORK/mixed-ctl.tsv"
  r=$(java -cp "$ROOT/bench/target/benchmarks.jar" adot.bench.P99Ratio "$WORK/mixed-ctl-loaded.lat" "$WORK/mixed-ctl-alone.lat" 2>>"$WORK/p99ratio.log") || r="(P99Ratio failed)"
  log "adot t=$1 control, probing off, $MIX_CONTROL round(s) pooled: p99 $a ms alone, $b ms while the DoT zone's server also served $((MIX_QPS / 20)) DoT queries/s; loaded ÷ alone: $r"
}

# mixed_interval THREADS: the pooled on ÷ off p99 ratio with a 95 % interval from resampling the rounds and, within
# them, the turns (adot.bench.P99Ratio), into mixed-interval.tsv: "THREADS RATIO LOW HIGH ROUNDS TURNS_ON TURNS_OFF"
mixed_interval() {
  local r
  [ -s "$WORK/mixed-on.lat" ] && [ -s "$WORK/mixed-off.lat" ] || return 0
  r=$(java -cp "$ROOT/bench/target/benchmarks.jar" adot.bench.P99Ratio "$WORK/mixed-on.lat" "$WORK/mixed-off.lat" 2>>"$WORK/p99ratio.log") \
    || { log "P99Ratio failed (see $WORK/p99ratio.log)"; return 0; }
  printf '%s\t%s\n' "$1" "${r// /$'\t'}" >>"$WORK/mixed-interval.tsv"
  log "adot t=$1 p99 probing on ÷ off: $r (ratio, 95 % interval low and high, rounds, turns on, turns off)"
}

# slot_p99 ROUND SLOT: the p99 (ms) of one process's replies in a round of mixed_pair
slot_p99() { p99_of "$WORK/mixed-$1-$2.lat" | cut -d' ' -f1; }

# mixed_pair THREADS ROUND MODE_A MODE_B [LOADED_SLOT]: one round: two fresh processes (A on port 5301, B on 5304), warmed at once,
# then loaded in turns. Each process's replies go to mixed-ROUND-SLOT.lat; in a numbered round also to mixed-MODE.lat
# (pooled per mode), with a line for the round in mixed-MODE.runs. The A/A rounds are named aa-MODE, the control round
# ctl. With LOADED_SLOT (a or b), each of that slot's turns runs beside a dnsperf that sends MIX_QPS / 20 DoT queries a
# second (names of the DoT zone, over 2 connections) straight to the DoT zone's server. The load is always on slot b: the
# A/A spread applies to the control's ratio in full.
mixed_pair() {
  local t=$1 round=$2 loaded=${5:-} slot k who port mode lat label
  declare -A pid=() mode_of=([a]=$3 [b]=$4) port_of=([a]=$ADOT_PORT [b]=$ADOT2_PORT) metrics_of=([a]=$ADOT_METRICS [b]=$ADOT2_METRICS)
  declare -A cpu0=() jit0=() gc0=() dot0=() qps_sum=() slices=() own=() auth=()
  for slot in a b; do
    label="t$t-mixed-$round-$slot-${mode_of[$slot]}"
    ADOT_PORT=${port_of[$slot]} ADOT_METRICS=${metrics_of[$slot]} start_adot "$t" "$([ "${mode_of[$slot]}" = on ] && echo 50 || echo 0)" "$label"
    pid[$slot]=$RES_PID
  done
  warm_mixed "${port_of[a]}" "t$t-mixed-$round-a" & local w1=$!
  warm_mixed "${port_of[b]}" "t$t-mixed-$round-b" & local w2=$!
  wait $w1 $w2
  # before the last warm-up step, which leads straight into the turns (a wait here would idle the DoT connection)
  RES_PID="${pid[a]} ${pid[b]}" wait_quiet
  quiet_jit "$t-$round" "${pid[a]}" "${pid[b]}"
  for slot in a b; do profile_start adot "${pid[$slot]}"; done
  for slot in a b; do
    cpu0[$slot]=$(cpu_seconds "${pid[$slot]}"); jit0[$slot]=$(jit_ticks "${pid[$slot]}")
    gc0[$slot]=$(gc_pauses "${metrics_of[$slot]}" || true); dot0[$slot]=$(dot_counters_at "${metrics_of[$slot]}" || true)
    qps_sum[$slot]=0; slices[$slot]=0; own[$slot]=0; auth[$slot]=0
  done
  local c0 u0
  for ((k = 0; k < MIX_SLICES; k++)); do
    for slot in a b; do
      who=$slot
      if ((k % 2)); then [ "$slot" = a ] && who=b || who=a; fi
      mode=${mode_of[$who]}
      lat=""
      [[ ! $round =~ ^[0-9]+$ ]] || lat=$WORK/mixed-$mode.lat
      if [[ $round =~ ^ctl ]]; then [ "$loaded" = "$who" ] && lat=$WORK/mixed-ctl-loaded.lat || lat=$WORK/mixed-ctl-alone.lat; fi
      c0=$(cpu_seconds "${pid[$who]}"); u0=$(auth_cpu_seconds)
      local bg=""
      if [ "$loaded" = "$who" ]; then
        pinned "$LOAD_CPUS"
        "${PIN[@]}" dnsperf -m dot -s "$(server_of $DOT_ZONE)" -p 853 -d "$WORK/q-dot" -c 2 -q 100 \
          -Q $((MIX_QPS / 20)) -l "$MIX_SLICE" >"$WORK/mixed-$round-bg-dot.log" 2>&1 &
        bg=$!; BG_DOT_PID=$bg
      fi
      CLIENTS=$MIX_CLIENTS KEEP_LATENCIES=$WORK/mixed-$round-$who.lat KEEP_LATENCIES2=$lat \
        perf "adot-t$t-mixed-$round-$who-s$k" "${port_of[$who]}" "$(printf '%s/q-mixed-slice-%03d' "$WORK" "$k")" \
        -Q "$MIX_QPS" -l "$MIX_SLICE"
      if [ -n "$bg" ]; then wait "$bg" || true; BG_DOT_PID=""; fi
      [ -z "$lat" ] || echo "# turn $round" >>"$lat" # the turns' bounds, for P99Ratio's resampling
      # CPU seconds during its own turns: the resolver's, and the authoritative servers' (the universe's and NSD's)
      own[$who]=$(awk -v s="${own[$who]}" -v a="$c0" -v b="$(cpu_seconds "${pid[$who]}")" 'BEGIN { printf "%.2f", s + b - a }')
      auth[$who]=$(awk -v s="${auth[$who]}" -v a="$u0" -v b="$(auth_cpu_seconds)" 'BEGIN { printf "%.2f", s + b - a }')
      qps_sum[$who]=$((qps_sum[$who] + ${QPS:-0})); slices[$who]=$((slices[$who] + 1))
    done
  done
  local p99 cpu jit gc opened
  for slot in a b; do
    mode=${mode_of[$slot]}
    p99=$(slot_p99 "$round" "$slot")
    cpu=$(awk -v a="${cpu0[$slot]}" -v b="$(cpu_seconds "${pid[$slot]}")" 'BEGIN { printf "%.2f", b - a }')
    jit=$(awk -v a="${jit0[$slot]}" -v b="$(jit_ticks "${pid[$slot]}")" -v t="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / t }')
    gc=$(echo "${gc0[$slot]} $(gc_pauses "${metrics_of[$slot]}")" | awk 'NF == 4 { printf "%d (%.0f ms)", $3 - $1, 1000 * ($4 - $2) }')
    opened=$(echo "${dot0[$slot]} $(dot_counters_at "${metrics_of[$slot]}")" | awk 'NF == 6 { printf "%d", $5 - $2 }')
    log "adot t=$t mixed round $round, probing $mode ($slot): p99 $p99 ms over ${slices[$slot]} turns of ${MIX_SLICE} s; CPU in its turns ${own[$slot]} s (authoritative servers ${auth[$slot]} s), in all ${cpu} s; JIT ${jit} s, GC pauses ${gc:-?}, DoT connections opened ${opened:-0}"
    if [[ $round =~ ^[0-9]+$ ]]; then
      local rss hwm
      rss=$(mem_mb "${pid[$slot]}" VmRSS || true); hwm=$(mem_mb "${pid[$slot]}" VmHWM || true)
      printf '%s %s %s %s %s %s %s %s|%s|%s|%s\n' "$((qps_sum[$slot] / slices[$slot]))" "${p99:-nan}" "${own[$slot]}" \
        "${rss:-0}" "${hwm:-0}" "${BG_BUSY:-0}" "$jit" "${auth[$slot]}" "${gc:-?}" \
        "${opened:-0}" "$(ADOT_METRICS=${metrics_of[$slot]} transport_note adot x || true)" >>"$WORK/mixed-$mode.runs"
    fi
  done
  for slot in a b; do profile_stop adot "${pid[$slot]}" "adot-t$t-mixed-$round-$slot-${mode_of[$slot]}"; done
  for slot in a b; do stop_pid "${pid[$slot]}"; done
}

# warm_mixed PORT LABEL: one process's warm-up before the mixed turns, run for both processes at once: the hit names
# (into the cache), full-speed bursts of nonexistent names in both miss zones (with probing on the first of them make
# the DoT server Good), a full-speed burst of the mix itself (names of both miss zones that are not measured), then the
# mix with other names of the same zones at half the measured rate (both processes together: the measured rate)
warm_mixed() {
  perf "adot-$2-warm" "$1" "$WORK/q-hits" -n 1 -l $COLD_LIMIT
  perf "adot-$2-warm-burst-dot" "$1" "$WORK/q-burst-dot" -n 1 -l $COLD_LIMIT
  perf "adot-$2-warm-burst-do53" "$1" "$WORK/q-burst-plain2" -n 1 -l $COLD_LIMIT
  if [ -s "$WORK/q-mixed-burst" ]; then perf "adot-$2-warm-burst-mix" "$1" "$WORK/q-mixed-burst" -n 1 -l $COLD_LIMIT; fi
  CLIENTS=$MIX_CLIENTS perf "adot-$2-warm-mix" "$1" "$WORK/q-mixed-warm" -Q "$((MIX_QPS / 2))" -l "$MIX_WARM_SECONDS"
}

# quiet_jit LABEL PID PID: the last step of the warm-up: the two processes take turns of MIX_SLICE seconds with the
# mix at the measured rate (misses that do not exist), as in the measurement, until neither one's JIT compiler threads
# used more than 0.1 s of CPU in a round of 4 turns each, at most MIX_QUIET_MAX rounds. The DoT path (TLS included) is
# large and, at a few hundred DoT queries a second, took over a minute to be compiled: a compilation burst takes one
# of the 2 cores from everything else, and the p99 of the process it happened in moved by 2-3x. A resolver that has
# run for a while has none of this. The turns lead straight into the measured ones.
quiet_jit() {
  local c k a0 b0 a b limit=$(($(getconf CLK_TCK) / 10))
  for ((c = 0; c < MIX_QUIET_MAX; c++)); do
    a0=$(jit_ticks "$2"); b0=$(jit_ticks "$3")
    for ((k = 0; k < 4; k++)); do
      awk -v total=$((MIX_QPS * MIX_SLICE * 11 / 10)) -v p="quiet$c-$k" -v n="$NAMES" -v h="$HIT_NAMES" \
        -v pz=$PLAIN_ZONE -v p2z=$PLAIN2_ZONE -v dz=$DOT_ZONE 'BEGIN { k = int(n / h); if (k < 1) k = 1
          for (i = 0; i < total; i++) {
            if (i % 10 != 9) print "host-" ((i % h) * k) "." pz " A"
            else print p "-" i "." (int(i / 10) % 2 ? dz : p2z) " A"
          } }' >"$WORK/q-quiet"
      CLIENTS=$MIX_CLIENTS perf "adot-$1-quiet$c-a$k" $ADOT_PORT "$WORK/q-quiet" -Q "$MIX_QPS" -l "$MIX_SLICE"
      CLIENTS=$MIX_CLIENTS perf "adot-$1-quiet$c-b$k" $ADOT2_PORT "$WORK/q-quiet" -Q "$MIX_QPS" -l "$MIX_SLICE"
    done
    a=$(($(jit_ticks "$2") - a0)); b=$(($(jit_ticks "$3") - b0))
    log "mixed warm-up round $((c + 1)) of turns: JIT compiler CPU $a / $b ticks"
    if [ "$a" -le "$limit" ] && [ "$b" -le "$limit" ]; then return 0; fi
  done
  log "the JIT compilers were still busy after $MIX_QUIET_MAX rounds of turns; measuring anyway"
}

# jit_ticks PID: CPU clock ticks of the process's JIT compiler threads so far (cat, not awk, opens the files: a thread
# that exits meanwhile is skipped, not fatal)
jit_ticks() {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{ c = $0; sub(/^[^(]*\(/, "", c); sub(/\).*$/, "", c); r = $0
    sub(/^.*\) /, "", r); split(r, a, " "); if (c ~ /^C[12] Compiler/) s += a[12] + a[13] } END { print s + 0 }'
}

# gc_pauses METRICS: "COUNT SECONDS" of the collector's pauses so far (jvm_gc_pause_seconds, every cause)
gc_pauses() {
  curl -s --max-time 3 "http://$1/metrics" 2>/dev/null | awk '
    /^jvm_gc_pause_seconds_count/ { n += $NF } /^jvm_gc_pause_seconds_sum/ { s += $NF } END { if (n != "") printf "%d %f", n, s }'
}

# dot_counters_at METRICS: dot_counters of the process whose metrics are at METRICS
dot_counters_at() { ADOT_METRICS=$1 dot_counters adot; }

# machine_speed: how long a fixed CPU-bound loop takes, 20 times in a row, on the otherwise idle machine ("min-max ms").
# On a shared host the same loop's time drifts by tens of percent from one second to the next, and every latency
# measured here drifts with it.
machine_speed() {
  local i t0 t1 ms=()
  for ((i = 0; i < 20; i++)); do
    t0=$(date +%s%N)
    awk 'BEGIN { for (i = 0; i < 2000000; i++) x += i % 7 }'
    t1=$(date +%s%N)
    ms+=($(((t1 - t0) / 1000000)))
  done
  printf '%s\n' "${ms[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%d-%d ms (median %d)", v[1], v[NR], v[int((NR + 1) / 2)] }'
}

# pooled_mixed_row THREADS MODE: one result row for a mode's turns in all rounds: p99, mean latency and rcodes over all
# their replies; QPS, CPU seconds (the resolver's during its own turns) and RSS are the rounds' means, the background
# load the largest; the note gives each round's p99, the authoritative servers' CPU during the turns, JIT and collector activity
# (over the whole turn-taking), and DoT use
pooled_mixed_row() {
  local lat=$WORK/mixed-$2.lat runs=$WORK/mixed-$2.runs cpu rss hwm per
  [ -s "$runs" ] || return 0
  read -r QPS cpu rss hwm BG_BUSY < <(awk '{ q += $1; c += $3; r += $4; if ($5 > h) h = $5; if ($6 > bg) bg = $6; n++ }
    END { printf "%.0f %.2f %.0f %d %d\n", q / n, c / n, r / n, h, bg }' "$runs")
  per=$(awk -F'|' '{ split($1, f, " "); printf "%sround %d: p99 %s ms, CPU %s s (authoritative servers %s s), JIT %s s, GC pauses %s, DoT connections opened %s", (NR > 1 ? "; " : ""), NR, f[2], f[3], f[8], f[7], $2, $3; last = $4 }
    END { printf "; last round %s", last }' "$runs")
  read -r P99_MS TIMEOUTS < <(p99_of "$lat")
  DONE=$(grep -c '^> [^T]' "$lat" || true); SENT=$(grep -c '^> ' "$lat" || true)
  MEAN_MS=$(awk '/^> / && $2 != "T" { s += $NF; n++ } END { if (n) printf "%.3f", s / n * 1000 }' "$lat")
  # as dnsperf prints them: "NOERROR 1199999 (100.00%), NXDOMAIN ..."
  RCODES=$(awk '/^> / && $2 != "T" { c[$2]++; n++ } END { for (r in c) printf "%s %d (%.2f%%)\n", r, c[r], 100 * c[r] / n }' "$lat" \
    | sort -k2,2nr | paste -sd, - | sed 's/,/, /g')
  record adot "$1" "mixed-probing-$2" "$cpu" "$rss" "$hwm" "$(wc -l <"$runs") rounds pooled ($per)"
}

# server_of ZONE: the address of ns1.ZONE, from the server table the universe printed
server_of() { awk -v ns="ns1.$1." '$1 == ns { print $2; exit }' "$WORK/universe.log"; }

# start_nsd: with AUTH=nsd, the generated zones' servers, at the addresses the universe delegates them to and from the
# zone files it wrote into $WORK/nsd: one NSD for the two plain zones, Do53 only (a connection to port 853 is refused, as
# at the universe's plain servers), and one for the DoT zone on ports 53 and 853 with a self-signed certificate (an
# opportunistic client does not validate it, RFC 9539). One server process each, no rate limiting, no TCP/TLS query
# limit per connection; each answers its zones' SOA before the run goes on.
start_nsd() {
  local dir=$WORK/nsd name zone addr deadline
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=ns1.$DOT_ZONE" -days 7 \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" >"$dir/openssl.log" 2>&1 \
    || { cat "$dir/openssl.log" >&2; die "openssl could not make NSD's certificate"; }
  nsd_conf plain "" $PLAIN_ZONE $PLAIN2_ZONE
  nsd_conf dot 853 $DOT_ZONE
  for name in plain dot; do
    nsd-checkconf "$dir/$name.conf" >&2 || die "nsd-checkconf rejected $dir/$name.conf"
    pinned "$LOAD_CPUS"
    start_bg "$dir/$name.out" "${PIN[@]}" nsd -d -c "$dir/$name.conf"
    NSD_PIDS+=("$BG_PID")
  done
  deadline=$((SECONDS + 30))
  for zone in $PLAIN_ZONE $PLAIN2_ZONE $DOT_ZONE; do
    addr=$(server_of "$zone")
    until dig +norecurse +time=1 +tries=1 @"$addr" "$zone" SOA 2>/dev/null | grep -q 'status: NOERROR'; do
      [ $SECONDS -lt $deadline ] || { cat "$dir"/*.log "$dir"/*.out >&2; die "NSD does not answer for $zone at $addr"; }
      sleep 0.3
    done
  done
  log "NSD serves $PLAIN_ZONE and $PLAIN2_ZONE at $(server_of $PLAIN_ZONE) and $(server_of $PLAIN2_ZONE) (Do53), $DOT_ZONE at $(server_of $DOT_ZONE) (Do53 and DoT)"
}

# nsd_conf NAME TLS_PORT ZONE...: $WORK/nsd/NAME.conf, an NSD serving the ZONEs on their ns1 addresses, port 53, and
# with a TLS_PORT also DoT there
nsd_conf() {
  local dir=$WORK/nsd name=$1 tls=$2 zone; shift 2
  mkdir -p "$dir/$name.xfr"
  {
    echo "server:"
    for zone in "$@"; do
      echo "  ip-address: $(server_of "$zone")"
      [ -z "$tls" ] || echo "  ip-address: $(server_of "$zone")@$tls"
    done
    if [ -n "$tls" ]; then
      echo "  tls-port: $tls"
      echo "  tls-service-key: \"$dir/key.pem\""
      echo "  tls-service-pem: \"$dir/cert.pem\""
    fi
    cat <<EOF
  port: 53
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "$dir"
  database: ""
  zonelistfile: "$dir/$name.zonelist"
  xfrdfile: "$dir/$name.xfrd"
  xfrdir: "$dir/$name.xfr"
  pidfile: "$dir/$name.pid"
  logfile: "$dir/$name.log"
  verbosity: 1
  do-ip6: no
  hide-version: yes
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
  tcp-count: 1000
  tcp-query-count: 0
  tcp-timeout: 120
remote-control:
  control-enable: no
EOF
    for zone in "$@"; do
      printf 'zone:\n  name: %s\n  zonefile: %s.zone\n' "$zone" "$zone"
    done
  } >"$dir/$name.conf"
}

# The universe is a JVM too: warm its JIT by querying its servers directly (the root, test., and, where it serves them,
# the generated zones and DoT; with AUTH=nsd those queries go to NSD), so that whichever resolver is measured first
# does not pay for it.
warm_universe() {
  log "warming up the universe (direct queries to its servers, about 15 s)"
  local s
  for s in 127.53.0.1 127.53.0.6; do
    dnsperf -s $s -p 53 -d "$WORK/q-plain" -c $CLIENTS -q $OUTSTANDING -l 2 >/dev/null 2>&1 || true
  done
  dnsperf -s "$(server_of $PLAIN_ZONE)" -p 53 -d "$WORK/q-plain" -c $CLIENTS -q $OUTSTANDING -l 4 >/dev/null 2>&1 || true
  dnsperf -s "$(server_of $PLAIN2_ZONE)" -p 53 -d "$WORK/q-plain2" -c $CLIENTS -q $OUTSTANDING -l 1 >/dev/null 2>&1 || true
  dnsperf -s "$(server_of $DOT_ZONE)" -p 53 -d "$WORK/q-dot" -c $CLIENTS -q $OUTSTANDING -l 3 >/dev/null 2>&1 || true
  dnsperf -m dot -s "$(server_of $DOT_ZONE)" -p 853 -d "$WORK/q-dot" -c 2 -q $OUTSTANDING -l 3 >/dev/null 2>&1 || true
}

make_query_files() {
  awk -v n="$NAMES" -v z=$PLAIN_ZONE 'BEGIN { for (i = 0; i < n; i++) print "host-" i "." z " A" }' >"$WORK/q-plain"
  # the warm comparison of the transports: the first four fifths of the second plain zone and of the DoT zone are
  # measured, the last fifth of each is the warm-up before them
  split_zone "$PLAIN2_ZONE" q-plain2
  split_zone "$DOT_ZONE" q-dot
  # hits: a spread-out subset of the cold-run names (every k-th), so all of them are cached after that run
  awk -v n="$NAMES" -v h="$HIT_NAMES" -v z=$PLAIN_ZONE 'BEGIN { k = int(n / h); if (k < 1) k = 1
    for (i = 0; i < h && i * k < n; i++) print "host-" (i * k) "." z " A" }' >"$WORK/q-hits"
  # mixed: 9 hit names, then 1 miss, alternately from the second plain zone and the DoT zone (neither is asked
  # otherwise in the mixed runs' processes); each miss name once. Measured: host-0 up. The warm-up at the measured rate
  # asks other names of the same zones from the other end (host-49999 down), and the full-speed burst of the mix the
  # names after the measured ones, as many as are left (at most 10,000 per zone): the same kind of answer as the measured
  # misses (the code that handles a NOERROR A answer from either transport gets compiled for it, which NXDOMAIN
  # warm-ups left to the timed run), but none of the measured names, so none of them is cached by it.
  local mixed_seconds=$((MIX_SLICE * MIX_SLICES))
  local misses=$((MIX_QPS * mixed_seconds * 11 / 10 / 20 + 1)) warm=$((MIX_QPS * MIX_WARM_SECONDS * 11 / 10 / 20 + 1))
  [ $((misses + warm)) -le "$NAMES" ] \
    || die "MIX_QPS * (MIX_SLICE * MIX_SLICES + MIX_WARM_SECONDS) needs $((misses + warm)) miss names per zone; NAMES is $NAMES"
  mixed_file "$((MIX_QPS * mixed_seconds * 11 / 10))" up >"$WORK/q-mixed"
  mixed_file "$((MIX_QPS * MIX_WARM_SECONDS * 11 / 10))" down >"$WORK/q-mixed-warm"
  local burst=$((NAMES - misses - warm))
  [ "$burst" -le 10000 ] || burst=10000
  mixed_file "$((burst * 20))" up "$misses" >"$WORK/q-mixed-burst"
  awk -v n="$((NAMES * 2 / 5))" -v z=$DOT_ZONE 'BEGIN { for (i = 0; i < n; i++) print "burst-" i "." z " A" }' \
    >"$WORK/q-burst-dot"
  awk -v n="$((NAMES * 2 / 5))" -v z=$PLAIN2_ZONE 'BEGIN { for (i = 0; i < n; i++) print "burst-" i "." z " A" }' \
    >"$WORK/q-burst-plain2"
}

# split_zone ZONE FILE: FILE gets the zone's first four fifths of names, FILE-warm the last fifth
split_zone() {
  awk -v n="$NAMES" -v z="$1" -v f="$WORK/$2" 'BEGIN { cut = int(n * 4 / 5)
    for (i = 0; i < n; i++) print "host-" i "." z " A" > (i < cut ? f : f "-warm") }'
}

# mixed_file LINES up|down [FIRST]: the mixed workload (see make_query_files); the miss names of each zone are
# host-FIRST, host-FIRST+1, ... (up; FIRST defaults to 0) or host-49999, host-49998, ... (down)
mixed_file() {
  awk -v total="$1" -v dir="$2" -v first="${3:-0}" -v n="$NAMES" -v h="$HIT_NAMES" -v pz=$PLAIN_ZONE \
    -v p2z=$PLAIN2_ZONE -v dz=$DOT_ZONE 'function miss(j) { return "host-" (dir == "up" ? first + j : n - 1 - j) }
    BEGIN { k = int(n / h); if (k < 1) k = 1; mp = 0; md = 0
      for (i = 0; i < total; i++) {
        if (i % 10 != 9) { print "host-" ((i % h) * k) "." pz " A"; continue }
        if (int(i / 10) % 2) print miss(md++ % n) "." dz " A"
        else print miss(mp++ % n) "." p2z " A"
      } }'
}

# ------------------------------------------------------------------------------------------------ 6. report
versions() {
  echo "- java: \`$(java -version 2>&1 | head -2 | tr '\n' ' ' | sed 's/ *$//')\`"
  echo "- PowerDNS Recursor: \`$(pdns_recursor --version 2>&1 | grep -o 'PowerDNS Recursor [^ ]*' | head -1)\`"
  echo "- Unbound: \`$(unbound -V 2>&1 | head -1)\`"
  echo "- dnsperf: \`$(dnsperf -h 2>&1 | grep -i '^Version' | head -1)\`"
  echo "- adot-resolver: \`${ADOT_REV:-unknown}\` ($(git -C "$ROOT" rev-parse --abbrev-ref HEAD 2>/dev/null || echo ?)), DoT client $([ "$DOT_CLIENT" = 1 ] && echo present || echo 'not yet merged')"
}

report() {
  local out=$WORK/results.md
  {
    echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/run.sh\` on $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM; $(if [ -z "$ADOT_CPUS$LOAD_CPUS" ]; then echo "the authoritative servers (the universe$([ "$AUTH" = nsd ] && echo " and NSD")) and dnsperf ran on the same cores"; else echo "adot pinned to CPUs ${ADOT_CPUS:-(any)}, the authoritative servers and the measured dnsperf runs to CPUs ${LOAD_CPUS:-(any)}"; fi); load average at the start: $LOAD_AT_START. The machine's own speed: a fixed CPU-bound loop (\`machine_speed\`, 20 times in a row, nothing else running) took $SPEED_AT_START at the start and ${SPEED_AT_END:-?} at the end."
    echo
    versions
    echo
    echo "The generated zones are served by $(if [ "$AUTH" = nsd ]; then echo "NSD ($(nsd -v 2>&1 | head -1 | sed 's/^NSD version //'); Do53, and DoT through OpenSSL for the DoT zone)"; else echo "the universe's own Java servers (\`AUTH=universe\`)"; fi); the root, \`test.\` and the rest by the universe."
    echo
    echo "dnsperf \`-c $CLIENTS -q $OUTSTANDING\`; cold runs ask each name once (\`-n 1\`, at most ${COLD_LIMIT} s): all $NAMES of a zone for \`cold-do53\`, the first $((NAMES * 4 / 5)) for \`cold-do53-2nd\` and \`cold-dot\`; cache-hit runs last ${HIT_SECONDS} s after a ${WARM_SECONDS} s warm-up; mixed runs (90 % hits, 10 % misses each asked once, half of them in the DoT zone, \`-c $MIX_CLIENTS\`) send a fixed ${MIX_QPS} queries per second: each of ${MIX_ROUNDS} rounds starts a probing-on and a probing-off process, warms both at once (the hit names, full-speed bursts of the mix and of nonexistent names, ${MIX_WARM_SECONDS} s of the mix at half the rate each, then unmeasured turns like the measured ones, with names that do not exist, until the JIT compilers are quiet), and loads them in turns of ${MIX_SLICE} s (A B B A ...), ${MIX_SLICES} turns each; each mode's row pools the replies of all its turns; the A/A row of the targets runs two processes of the same mode the same way, and the control row two probing-off processes of which the second is loaded beside $((MIX_QPS / 20)) DoT queries/s straight to the DoT zone's server. p99 is computed from every reply's latency (\`dnsperf -v\`). CPU is the resolver's user+system seconds during the run; RSS is VmRSS at the end of the run, peak is VmHWM since start. \`cold-do53-2nd\` and \`cold-dot\` are the warm comparison of the two transports: adot runs them one after the other in the process of \`cold-do53\`, after the last $((NAMES / 5)) names of the DoT zone (which made its server Good) and of the second plain zone; the others run \`cold-dot\` in a fresh process warmed up the same way. Outgoing-query counts in the notes are since the resolver started."
    echo
    echo "| resolver | threads | workload | QPS | mean ms | p99 ms | answered | rcodes | CPU s | RSS MiB | peak MiB | note |"
    echo "|---|---|---|---:|---:|---:|---:|---|---:|---:|---:|---|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6,
      ($7 == "-" ? "-" : $7 "/" $8), $12, $9, $10, $11, $13 }' "$RESULTS"
    echo
    echo "### adot-resolver relative to the peers (same run, same threads)"
    echo
    echo "QPS ratio > 1 and latency / memory / CPU ratio < 1 favour adot. CPU ratio is per answered query. adot-alt is adot with \`ADOT_ALT_JAVA_OPTS\` (\`$ADOT_ALT_JAVA_OPTS\`); the targets below use the shipped defaults (adot)."
    echo
    echo "| adot | threads | workload | QPS ÷ PowerDNS | QPS ÷ Unbound | p99 ÷ PowerDNS | p99 ÷ Unbound | RSS ÷ PowerDNS | RSS ÷ Unbound | CPU/query ÷ PowerDNS | CPU/query ÷ Unbound |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '
      function r(a, b) { return (a == "" || b == "" || a == "-" || b == "-" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
      function cpq(k) { return (k in cpu && done[k] + 0 > 0) ? cpu[k] / done[k] : "" }
      { k = $1 SUBSEP $2 SUBSEP $3; qps[k] = $4; p99[k] = $6; rss[k] = $10; cpu[k] = $9; done[k] = $7
        if ($1 ~ /^adot/ && $3 !~ /^mixed/) { rows[++n] = $2 SUBSEP $3; who[n] = $1 } }
      END { for (i = 1; i <= n; i++) { split(rows[i], x, SUBSEP); a = who[i] SUBSEP rows[i]; p = "pdns" SUBSEP rows[i]; u = "unbound" SUBSEP rows[i]
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", who[i], x[1], x[2], r(qps[a], qps[p]), r(qps[a], qps[u]),
          r(p99[a], p99[p]), r(p99[a], p99[u]), r(rss[a], rss[p]), r(rss[a], rss[u]), r(cpq(a), cpq(p)), r(cpq(a), cpq(u)) } }' "$RESULTS"
    echo
    echo "### Targets (issues 5 and 7)"
    echo
    targets
    if [ -s "$WORK/jmh.txt" ]; then
      echo
      echo "### JMH micro-benchmarks"
      echo
      echo "\`java -jar bench/target/benchmarks.jar -f 1 -wi 2 -i 3 -w 1 -r 2\` (throughput, operations per second):"
      echo
      echo '```'
      sed -n '/^Benchmark/,$p' "$WORK/jmh.txt"
      echo '```'
    fi
  } >"$out"
  cat "$out"
  if [ "$WRITE_DOCS" = 1 ]; then write_docs "$out"; fi
}

targets() {
  echo "| target | threads | measured | holds? |"
  echo "|---|---|---|---|"
  awk -F'\t' '
    function v(r, t, w, f) { k = r SUBSEP t SUBSEP w; return (k in d) ? d[k, f] : "" }
    function row(name, t, a, b, min, what) {
      if (a == "" || b == "" || a == "-" || b == "-" || b + 0 == 0) { printf "| %s | %s | not measured | - |\n", name, t; return }
      x = a / b; printf "| %s | %s | %s = %.2f | %s |\n", name, t, what, x, (x >= min ? "yes" : "**no**") }
    function rowmax(name, t, a, b, max, what) {
      if (a == "" || b == "" || a == "-" || b == "-" || b + 0 == 0) { printf "| %s | %s | not measured | - |\n", name, t; return }
      x = a / b; printf "| %s | %s | %s = %.2f | %s |\n", name, t, what, x, (x <= max ? "yes" : "**no**") }
    function aa_ok(x) { return x >= 0.95 && x <= 1.05 }
    FILENAME ~ /reuse\.tsv$/ { reuse[$1, $2] = $3; next }
    FILENAME ~ /mixed-aa\.tsv$/ { aa[$1, $2] = ($3 + 0 > 0 && $4 + 0 > 0 ? sprintf("%.2f", $3 / $4) : "-"); next }
    FILENAME ~ /mixed-ctl\.tsv$/ { ctl[$1] = ($2 + 0 > 0 && $3 + 0 > 0 ? sprintf("%.2f", $3 / $2) : "-"); next }
    FILENAME ~ /mixed-interval\.tsv$/ { if ($3 + 0 > 0) { ivr[$1] = $2; ivl[$1] = $3; ivh[$1] = $4; ivn[$1] = $5 }; next }
    { k = $1 SUBSEP $2 SUBSEP $3; d[k] = 1; d[k, "qps"] = $4; d[k, "p99"] = $6; d[k, "rss"] = $10; if (!($2 in seen)) { seen[$2] = 1; ts[++nt] = $2 } }
    END {
      for (i = 1; i <= nt; i++) { t = ts[i]
        row("cache-hit QPS ≥ 1.2 × PowerDNS", t, v("adot", t, "cache-hit", "qps"), v("pdns", t, "cache-hit", "qps"), 1.2, "adot ÷ pdns")
        row("cache-hit QPS ≥ 1.0 × Unbound", t, v("adot", t, "cache-hit", "qps"), v("unbound", t, "cache-hit", "qps"), 1.0, "adot ÷ unbound")
        row("cold-miss QPS over Do53 ≥ Unbound", t, v("adot", t, "cold-do53", "qps"), v("unbound", t, "cold-do53", "qps"), 1.0, "adot ÷ unbound")
        row("cold-miss QPS over DoT ≥ 0.9 × own Do53 (both warm)", t, v("adot", t, "cold-dot", "qps"), v("adot", t, "cold-do53-2nd", "qps"), 0.9, "DoT ÷ Do53")
        if (("adot", t) in reuse) printf "| DoT queries on reused connections ≥ 95 %% | %s | %s %% of DoT queries | %s |\n", t, reuse["adot", t], (reuse["adot", t] >= 95 ? "yes" : "**no**")
        rowmax("RSS after the cold run ≤ PowerDNS", t, v("adot", t, "cold-do53", "rss"), v("pdns", t, "cold-do53", "rss"), 1.0, "adot ÷ pdns")
        if (t in ivr)
          printf "| p99 probing on within 5 %% of off (95 %% interval from resampling the rounds and their turns) | %s | on ÷ off = %.2f, interval %.2f–%.2f (%d rounds) | %s |\n", t, ivr[t], ivl[t], ivh[t], ivn[t], (ivh[t] <= 1.05 ? "yes" : (ivl[t] > 1.05 ? "**no**" : "**not shown**: the interval reaches above 1.05"))
        else
          rowmax("p99 probing on within 5 % of off", t, v("adot", t, "mixed-probing-on", "p99"), v("adot", t, "mixed-probing-off", "p99"), 1.05, "on ÷ off")
        if ((t, "off") in aa && (t, "on") in aa)
          printf "| the same check between two processes of the same mode (A/A: the method'"'"'s resolution) | %s | off ÷ off = %s, on ÷ on = %s | %s |\n", t, aa[t, "off"], aa[t, "on"], aa_ok(aa[t, "off"]) && aa_ok(aa[t, "on"]) ? "within 5 %: the on ÷ off row can be trusted to 5 %" : "**not within 5 %**: the on ÷ off row cannot be read to 5 %"
        if (t in ctl)
          printf "| control, not a target: p99 of probing off while the DoT zone'"'"'s server, on the same cores, also serves the probing-on process'"'"'s DoT rate | %s | with ÷ without = %s | - |\n", t, ctl[t]
      } }' "$WORK/reuse.tsv" "$WORK/mixed-aa.tsv" "$WORK/mixed-ctl.tsv" "$WORK/mixed-interval.tsv" "$RESULTS" | awk -F'|' '$4 !~ /not measured/ || $2 !~ /probing on/'
}

write_docs() {
  local doc=$ROOT/docs/benchmarks.md begin='<!-- BEGIN RESULTS (bench/run.sh) -->' end='<!-- END RESULTS -->'
  [ -f "$doc" ] || die "$doc is missing"
  grep -qF "$begin" "$doc" && grep -qF "$end" "$doc" || die "$doc lacks the results markers"
  awk -v b="$begin" -v e="$end" -v f="$1" '
    $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }' "$doc" >"$doc.new" && mv "$doc.new" "$doc"
  log "results written to $doc"
}

# ------------------------------------------------------------------------------------------------ main
main() {
  [ "$(id -u)" = 0 ] || die "run as root (the universe binds port 53 and 853)"
  case $AUTH in nsd|universe) ;; *) die "AUTH must be nsd or universe, not '$AUTH'" ;; esac
  local cpus pid
  for cpus in "$ADOT_CPUS" "$LOAD_CPUS"; do
    [ -z "$cpus" ] || taskset -c "$cpus" true 2>/dev/null || die "not a usable CPU list for taskset -c: '$cpus'"
  done
  # the code measured is the code built now, whatever is committed while the run lasts
  ADOT_REV=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
  LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  SPEED_AT_START=$(machine_speed)
  log "machine speed: a fixed loop took $SPEED_AT_START"
  [ "$SKIP_INSTALL" = 1 ] || install_peers
  cd "$ROOT"
  if [ "$SKIP_BUILD" != 1 ]; then
    log "building (./mvnw -B -q -DskipTests package)"
    ./mvnw -B -q -DskipTests package >"$WORK/build.log" 2>&1 || { tail -50 "$WORK/build.log" >&2; die "build failed"; }
  fi
  [ -x distribution/target/adot-resolver/bin/adot-resolver ] || die "distribution/target/adot-resolver is missing"
  [ -f bench/target/benchmarks.jar ] || die "bench/target/benchmarks.jar is missing"
  DOT_CLIENT=0
  [ -d resolver-core/src/main/java/adot/core/transport/dot ] && DOT_CLIENT=1

  log "starting the universe ($NAMES names in each of $PLAIN_ZONE, $PLAIN2_ZONE and $DOT_ZONE, served by $AUTH; ports 53/853 on 127.53.0.0/16)"
  local external=()
  if [ "$AUTH" = nsd ]; then mkdir -p "$WORK/nsd"; external=(--external-auth "$WORK/nsd"); fi
  pinned "$LOAD_CPUS"
  start_bg "$WORK/universe.log" "${PIN[@]}" java -Xms256m -Xmx1g -XX:+UseParallelGC -cp bench/target/benchmarks.jar \
    adot.bench.BenchUniverse --do53-port 53 --dot-port 853 --hints-file "$WORK/root.hints" --names "$NAMES" \
    "${external[@]}"
  local universe=$BG_PID deadline=$((SECONDS + 90))
  UNIVERSE_PID=$universe
  until grep -q '^READY' "$WORK/universe.log"; do
    kill -0 $universe 2>/dev/null || { cat "$WORK/universe.log" >&2; die "the universe did not start"; }
    [ $SECONDS -lt $deadline ] || die "the universe did not start within 90 s"
    sleep 0.5
  done
  if [ "$AUTH" = nsd ]; then start_nsd; fi
  make_query_files
  warm_universe

  local t r
  for t in $THREADS_LIST; do
    [ "$MIX_ONLY" = 1 ] && break
    for r in $RESOLVERS; do
      [ "$r" = adot-alt ] && [ -z "$ADOT_ALT_JAVA_OPTS" ] && continue
      log "== $r, $t thread(s)"
      measure_resolver "$r" "$t"
    done
  done
  if [ -n "$MIX_THREADS" ] && [[ " $RESOLVERS " == *" adot "* ]]; then
    log "== adot mixed workload, probing on and off, $MIX_THREADS thread(s)"
    measure_mixed "$MIX_THREADS"
  fi
  SPEED_AT_END=$(machine_speed)
  log "machine speed: a fixed loop took $SPEED_AT_END"
  stop_pid $universe
  for pid in "${NSD_PIDS[@]:-}"; do [ -z "$pid" ] || stop_pid "$pid"; done

  if [ "$SKIP_JMH" != 1 ]; then
    log "JMH: java -jar bench/target/benchmarks.jar -f 1 -wi 2 -i 3 -w 1 -r 2"
    java -jar bench/target/benchmarks.jar -f 1 -wi 2 -i 3 -w 1 -r 2 >"$WORK/jmh.txt" 2>&1 \
      || { tail -30 "$WORK/jmh.txt" >&2; log "JMH failed (results left out)"; : >"$WORK/jmh.txt"; }
  fi
  report
  if [ -s "$WORK/profile.txt" ]; then cat "$WORK/profile.txt"; fi
}

main "$@"
