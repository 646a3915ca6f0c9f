# Shared helpers for the Sendwell test servers (sourced by start.sh and
# stop.sh; not run on its own): logging, polling with a deadline, PID
# bookkeeping, and the check that nobody else holds a port we need.
# shellcheck shell=bash disable=SC2034  # globals are shared across the sourced files

# Daemons live in /usr/sbin; a non-login root shell may not have it in PATH.
export PATH="$PATH:/usr/sbin:/sbin"

# The fixed loopback topology (see README.md).
readonly PRIMARY_IP=127.0.0.11
readonly SECONDARY_IP=127.0.0.12
readonly BLACKHOLE_IP=127.0.0.13
readonly RESOLVER_IP=127.0.0.21
readonly MAIL_IP=127.0.0.31
readonly MAIL_NAME=mail.example.test
readonly MARKER=.sendwell-test-run   # marks a directory stop.sh may delete

log() { printf '%s\n' "servers: $*" >&2; }
die() { log "error: $*"; exit 1; }

# now_ms: milliseconds since the epoch.
now_ms() { date +%s%3N; }

# wait_for DESCRIPTION TIMEOUT_S COMMAND...: run COMMAND every 0.1 s until it
# succeeds or TIMEOUT_S seconds have passed. Never a fixed sleep.
wait_for() {
    local what=$1 timeout_s=$2
    shift 2
    local deadline=$(( $(now_ms) + timeout_s * 1000 ))
    until "$@" >/dev/null 2>&1; do
        if (( $(now_ms) >= deadline )); then
            log "timed out after ${timeout_s}s waiting for $what"
            return 1
        fi
        sleep 0.1
    done
}

# proc_start_time PID: the process start time (clock ticks since boot, field
# 22 of /proc/PID/stat). Together with the PID it names one process even if
# the PID is later reused.
proc_start_time() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }              # drop "pid (comm) ", comm may hold spaces
    # shellcheck disable=SC2086
    set -- $stat                    # now $1 is field 3 (state)
    printf '%s\n' "${20}"
}

# pid_alive PID: the process exists and is not a zombie.
pid_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat:0:1} != Z ]]
}

# record_pid RUN NAME PID: append "NAME PID STARTTIME" to RUN/pids.
record_pid() {
    local run=$1 name=$2 pid=$3 start
    start=$(proc_start_time "$pid") || start=0
    printf '%s %s %s\n' "$name" "$pid" "$start" >>"$run/pids"
}

# pid_is_ours PID STARTTIME: the process is alive and is the one we recorded.
pid_is_ours() {
    local now
    now=$(proc_start_time "$1") || return 1
    [[ $now == "$2" ]]
}

# run_daemon RUN NAME LOGFILE COMMAND...: start COMMAND in its own session
# (so it outlives the caller's terminal and process group, and stop.sh can
# signal its whole process group), stdio detached, and record its PID.
# The PID is also left in LAST_PID. Standard input is DAEMON_STDIN
# (default /dev/null).
LAST_PID=
run_daemon() {
    local run=$1 name=$2 logfile=$3
    shift 3
    setsid "$@" <"${DAEMON_STDIN:-/dev/null}" >>"$logfile" 2>&1 &
    LAST_PID=$!
    record_pid "$run" "$name" "$LAST_PID"
}

# port_holder PROTO ADDR PORT: print who listens on ADDR:PORT, or on the
# wildcard address for that port (which would also stop us binding), if any.
port_holder() {
    local proto=$1 addr=$2 port=$3 flag
    [[ $proto == tcp ]] && flag=-lntpH || flag=-lnupH
    ss "$flag" 2>/dev/null | awk -v a="$addr" -v p="$port" '
        { n = split($4, parts, ":"); lport = parts[n]
          laddr = substr($4, 1, length($4) - length(lport) - 1)
          gsub(/[\[\]]/, "", laddr); sub(/%.*/, "", laddr)
          if (lport == p && (laddr == a || laddr == "0.0.0.0" || laddr == "*" || laddr == "::"))
              print $4, $NF }'
}

# check_ports_free: fail, naming the holder, if anything already listens on
# an address:port of ours (e.g. a system unbound or dovecot on the wildcard).
check_ports_free() {
    local busy=0 spec proto addr port holder
    for spec in \
        tcp:$PRIMARY_IP:53 udp:$PRIMARY_IP:53 tcp:$SECONDARY_IP:53 udp:$SECONDARY_IP:53 \
        tcp:$BLACKHOLE_IP:53 udp:$BLACKHOLE_IP:53 tcp:$RESOLVER_IP:53 udp:$RESOLVER_IP:53 \
        tcp:$MAIL_IP:143 tcp:$MAIL_IP:993 tcp:$MAIL_IP:110 tcp:$MAIL_IP:995 \
        tcp:$MAIL_IP:587 tcp:$MAIL_IP:465 \
        tcp:127.0.0.32:143 tcp:127.0.0.32:993 tcp:127.0.0.32:465 tcp:127.0.0.32:587 \
        tcp:127.0.0.33:993 tcp:127.0.0.34:993 tcp:$MAIL_IP:9993; do
        IFS=: read -r proto addr port <<<"$spec"
        holder=$(port_holder "$proto" "$addr" "$port")
        if [[ -n $holder ]]; then
            log "port $proto $addr:$port is already in use: $holder"
            busy=1
        fi
    done
    if (( busy )); then
        log "another server (a system knot/unbound/dovecot/postfix, or a test run"
        log "that was never stopped) holds the ports above; stop it first"
        log "(e.g. 'systemctl stop unbound' or 'bash tests/servers/stop.sh /tmp/sendwell-servers.XXXXXX')"
        local marker
        for marker in /tmp/sendwell-servers.*/"$MARKER"; do
            [[ -e $marker ]] && log "test run still present: ${marker%/*}"
        done
        return 1
    fi
}

# show_log_tail FILE...: print the last lines of each log that exists.
show_log_tail() {
    local f
    for f in "$@"; do
        [[ -s $f ]] || continue
        log "---- last lines of $f ----"
        tail -n 25 "$f" >&2
    done
}

# wait_ready NAME PID TIMEOUT_S COMMAND...: like wait_for, but give up at once
# if the daemon NAME (PID) has exited, instead of waiting out the deadline.
wait_ready() {
    local name=$1 pid=$2 timeout_s=$3
    shift 3
    local t0
    t0=$(now_ms)
    local deadline=$(( t0 + timeout_s * 1000 ))
    until "$@" >/dev/null 2>&1; do
        if ! pid_alive "$pid"; then
            log "$name (pid $pid) exited during start-up"
            return 1
        fi
        if (( $(now_ms) >= deadline )); then
            log "$name (pid $pid) not ready after ${timeout_s}s"
            return 1
        fi
        sleep 0.1
    done
    log "$name ready ($(( $(now_ms) - t0 )) ms)"
}
