#!/usr/bin/env bash
# Stops one run of the Sendwell test servers and deletes its run directory.
#
#   bash tests/servers/stop.sh [RUN_DIR]     (default: $SENDWELL_TEST_RUN)
#
# Idempotent and safe after a partial start: it stops Postfix through its own
# command, then every process listed in RUN_DIR/pids, newest first (TERM, a
# polled wait, then KILL to its process group), then any straggler of this
# run (same session as one of its daemons, or a Postfix process of this
# instance), and waits until they are gone from the process table. Only
# processes of this run are touched, by PID (checked against the start time
# recorded with it, so a reused PID is left alone).
# SENDWELL_TEST_KEEP=1 keeps the directory (logs) after stopping.
set -euo pipefail

SERVERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
source "$SERVERS_DIR/lib/common.sh"

STOP_WAIT_S=5

# stop_postfix RUN: 'postfix stop' lets the master end its children cleanly.
stop_postfix() {
    local conf=$1/postfix/etc
    [[ -f $conf/main.cf && -f $1/postfix/queue/pid/master.pid ]] || return 0
    postfix -c "$conf" stop >/dev/null 2>&1 || true
}

# signal_group SIGNAL PID: signal the process group PID leads (our daemons
# run in their own session), and the process itself in case it left it.
# A group that no longer exists, or that is someone else's, is not signalled
# (kill of a negative PID only reaches processes whose group id is PID).
signal_group() {
    kill "-$1" -- "-$2" 2>/dev/null || true
    kill "-$1" "$2" 2>/dev/null || true
}

# stop_process NAME PID START: TERM to the process (a master then stops its
# own children), poll until it is gone, then KILL its whole process group.
stop_process() {
    local name=$1 pid=$2 start=$3
    pid_is_ours "$pid" "$start" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    if ! STOP_PID=$pid STOP_START=$start wait_for "$name to exit" "$STOP_WAIT_S" process_gone; then
        log "$name (pid $pid) ignored TERM; killing it"
        signal_group KILL "$pid"
        STOP_PID=$pid STOP_START=$start wait_for "$name to die" 2 process_gone || true
    fi
}

process_gone() { ! pid_is_ours "$STOP_PID" "$STOP_START" || ! pid_alive "$STOP_PID"; }

# Every "PID:STARTTIME" this script stopped, to wait for them to be reaped.
STOPPED=()

# stop_recorded RUN: every process in RUN/pids, newest first.
stop_recorded() {
    local run=$1 name pid start newest_first
    [[ -s $run/pids ]] || return 0
    newest_first=$(tac "$run/pids")
    while read -r name pid start; do
        [[ -n ${pid:-} ]] || continue
        stop_process "$name" "$pid" "${start:-0}"
        STOPPED+=("$pid:${start:-0}")
    done <<<"$newest_first"
}

# all_reaped: none of the stopped processes is left, not even as a zombie.
# Our daemons' parent is init, which here reaps exited children lazily.
all_reaped() {
    local entry
    for entry in "${STOPPED[@]}"; do
        pid_is_ours "${entry%%:*}" "${entry#*:}" && return 1
    done
    return 0
}

# session_of PID: the session id (field 6 of /proc/PID/stat).
session_of() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    # shellcheck disable=SC2086
    set -- $stat
    printf '%s\n' "$4"
}

# stragglers RUN: PIDs of processes left behind by this run: members of a
# session one of our daemons led (every daemon was started with setsid), and
# Postfix processes of our instance (they carry MAIL_CONFIG=RUN/postfix/etc).
# Matching on the run directory alone would also hit a test process that
# merely has SENDWELL_TEST_RUN in its environment.
stragglers() {
    local run=$1 leaders dir pid sid
    leaders=" $(awk '{ printf "%s ", $2 }' "$run/pids" 2>/dev/null) "
    for dir in /proc/[0-9]*; do
        pid=${dir#/proc/}
        [[ $pid == "$$" ]] && continue
        pid_alive "$pid" || continue        # a zombie holds nothing
        sid=$(session_of "$pid") || continue
        if [[ $leaders == *" $sid "* ]] ||
            grep -qsaF -- "MAIL_CONFIG=$run/postfix/etc" "$dir/environ"; then
            printf '%s\n' "$pid"
        fi
    done
}

stop_stragglers() {
    local run=$1 pid start
    for pid in $(stragglers "$run"); do
        start=$(proc_start_time "$pid") || continue
        log "stopping leftover process $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-80))"
        stop_process leftover "$pid" "$start"
        STOPPED+=("$pid:$start")
    done
}

remove_run_dir() {
    local run=$1
    if [[ ${SENDWELL_TEST_KEEP:-0} == 1 ]]; then
        log "kept $run (SENDWELL_TEST_KEEP=1)"
        return 0
    fi
    [[ -e $run/$MARKER ]] || { log "not deleting $run: no $MARKER marker"; return 0; }
    rm -rf -- "$run"
}

main() {
    local run=${1:-${SENDWELL_TEST_RUN:-}}
    [[ -n $run ]] || die "usage: stop.sh RUN_DIR (or set SENDWELL_TEST_RUN)"
    run=${run%/}
    [[ -d $run ]] || return 0          # already stopped and removed
    [[ $run == /* ]] || run=$(cd "$run" && pwd)
    [[ -e $run/$MARKER ]] || die "$run is not a Sendwell test-server run directory"
    stop_postfix "$run"
    stop_recorded "$run"
    stop_stragglers "$run"
    wait_for "stopped processes to be reaped" 5 all_reaped ||
        log "some stopped processes are still zombies (init has not reaped them yet)"
    remove_run_dir "$run"
}

main "$@"
