#!/usr/bin/env bash
# Smoke test of a running set of Sendwell test servers: DNS through Unbound
# and from both Knot instances, IMAP/POP3/SMTP with TLS verified against the
# test CA, and a keychain round trip on the private D-Bus.
#
#   bash tests/servers/smoke.sh [RUN_DIR]     (default: $SENDWELL_TEST_RUN)
#
# Prints "ok - NAME" or "not ok - NAME (reason)" per check, then the line
# "smoke: N passed, M failed"; exits non-zero if any check failed.
set -euo pipefail

SERVERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH="$PATH:/usr/sbin:/sbin"

RUN=${1:-${SENDWELL_TEST_RUN:-}}
[[ -n $RUN && -f $RUN/env ]] || { echo "usage: smoke.sh RUN_DIR (no env file in '${RUN}')" >&2; exit 2; }
# shellcheck source=/dev/null
source "$RUN/env"

PASSED=0
FAILED=0

# check NAME COMMAND...: run one check; its output's last line is the reason
# shown when it fails.
check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then
        PASSED=$((PASSED + 1))
        echo "ok - $name"
    else
        FAILED=$((FAILED + 1))
        out=$(printf '%s\n' "$out" | sed '/^[[:space:]]*$/d' | tail -n 1)
        echo "not ok - $name (${out:-failed})"
    fi
}

# ------------------------------------------------------------------- DNS --

RESOLVER=${SENDWELL_RESOLVERS%%:*}
PRIMARY=${SENDWELL_TEST_PRIMARY%%:*}
SECONDARY=${SENDWELL_TEST_SECONDARY%%:*}

# rcode SERVER NAME TYPE [KDIG_OPTION...]: the response code kdig reports.
rcode() {
    local server=$1 name=$2 type=$3
    shift 3
    kdig "@$server" "$name" "$type" +timeout=2 +retry=0 "$@" |
        sed -n 's/.*status: \([A-Z]*\).*/\1/p'
}

# answers SERVER NAME TYPE: the answer records' data, sorted, one a line.
answers() {
    kdig "@$1" "$2" "$3" +timeout=2 +retry=0 +short | sort
}

# expect_answers NAME TYPE EXPECTED: Unbound's answer is exactly EXPECTED.
expect_answers() {
    local got
    got=$(answers "$RESOLVER" "$1" "$2")
    [[ $got == "$3" ]] || { echo "got: ${got//$'\n'/ | }"; return 1; }
}

# expect_rcode NAME TYPE RCODE: Unbound answers with RCODE and no records.
expect_rcode() {
    local got count
    got=$(rcode "$RESOLVER" "$1" "$2")
    [[ $got == "$3" ]] || { echo "status ${got:-none}, wanted $3"; return 1; }
    count=$(answers "$RESOLVER" "$1" "$2" | sed '/^$/d' | wc -l)
    (( count == 0 )) || { echo "$count answer records, wanted none"; return 1; }
}

dns_example_mx() {
    expect_answers example.test MX "$(printf '%s\n' '1 aspmx.l.google.com.' \
        '5 alt1.aspmx.l.google.com.' '5 alt2.aspmx.l.google.com.')"
}

dns_example_txt() {
    expect_answers example.test TXT "$(printf '%s\n' \
        '"google-site-verification=test-token"' '"v=spf1 include:_spf.google.com ~all"')"
}

dns_example_dmarc() {
    expect_answers _dmarc.example.test TXT '"v=DMARC1; p=none; rua=mailto:dmarc@example.test"'
}

dns_mail_host() { expect_answers mail.example.test A 127.0.0.31; }

dns_acme_two_spf() {
    expect_answers acme.test TXT "$(printf '%s\n' \
        '"v=spf1 include:sendgrid.net ~all"' '"v=spf1 include:spf.protection.outlook.com -all"')"
}

dns_nxdomain() { expect_rcode nosuch.test A NXDOMAIN; }

dns_empty_no_mx() { expect_rcode empty.test MX NOERROR; }

# dns_servfail_fast: SERVFAIL, and well within a second.
dns_servfail_fast() {
    local t0 ms
    t0=$(date +%s%3N)
    expect_rcode servfail.test SOA SERVFAIL || return 1
    ms=$(( $(date +%s%3N) - t0 ))
    (( ms < 1000 )) || { echo "took $ms ms"; return 1; }
}

# dns_timeout: no answer at all within 2 s.
dns_timeout() {
    local t0 out ms
    t0=$(date +%s%3N)
    if out=$(kdig "@$RESOLVER" timeout.test SOA +timeout=2 +retry=0 2>&1); then
        echo "answered: $(echo "$out" | sed -n 's/.*status: \([A-Z]*\).*/\1/p')"
        return 1
    fi
    ms=$(( $(date +%s%3N) - t0 ))
    (( ms >= 1900 )) || { echo "gave up after only $ms ms: $out"; return 1; }
}

# dns_bigkey: the long DKIM TXT arrives whole (over TCP), and without EDNS
# the UDP answer is truncated.
dns_bigkey() {
    local txt len flags
    txt=$(kdig "@$RESOLVER" s1._domainkey.bigkey.test TXT +tcp +timeout=2 +retry=0 +short)
    txt=$(printf '%s' "$txt" | sed 's/" "//g; s/^"//; s/"$//')
    len=${#txt}
    [[ $txt == "v=DKIM1; k=rsa; p="* && len -ge 700 ]] || { echo "got $len bytes: ${txt:0:40}"; return 1; }
    flags=$(kdig "@$RESOLVER" s1._domainkey.bigkey.test TXT +noedns +notcp +ignore +timeout=2 +retry=0 |
        sed -n 's/.*;; Flags: \([a-z ]*\).*/\1/p')
    [[ " $flags " == *" tc "* ]] || { echo "UDP without EDNS not truncated (flags: $flags)"; return 1; }
}

# dns_secondary_in_sync: every mirrored zone, same SOA serial on both Knots,
# asked directly (no recursion, over TCP).
dns_secondary_in_sync() {
    local zone p s
    for zone in example.test acme.test empty.test bigkey.test xn--bcher-kva.test; do
        p=$(kdig "@$PRIMARY" "$zone" SOA +tcp +norec +short +timeout=2 +retry=0 | awk '{print $3}')
        s=$(kdig "@$SECONDARY" "$zone" SOA +tcp +norec +short +timeout=2 +retry=0 | awk '{print $3}')
        [[ -n $p && $p == "$s" ]] || { echo "$zone: primary serial '${p}', secondary '${s}'"; return 1; }
    done
}

dns_secondary_answers_mx() {
    local got
    got=$(answers "$SECONDARY" example.test MX | tr '\n' ' ')
    [[ $got == "1 aspmx.l.google.com. 5 alt1.aspmx.l.google.com. 5 alt2.aspmx.l.google.com. " ]] ||
        { echo "got: $got"; return 1; }
}

# ------------------------------------------------------------------ mail --

mailprobe() { python3 "$SERVERS_DIR/mailprobe.py" "$1"; }

# -------------------------------------------------------------- keychain --

keychain_round_trip() {
    local account secret got
    account="smoke-$$-$RANDOM"
    secret="sendwell smoke secret $RANDOM"
    printf '%s' "$secret" | secret-tool store --label="Sendwell smoke test" \
        service sendwell-smoke account "$account" || return 1
    got=$(secret-tool lookup service sendwell-smoke account "$account") || return 1
    secret-tool clear service sendwell-smoke account "$account" || true
    [[ $got == "$secret" ]] || { echo "lookup returned '$got'"; return 1; }
}

main() {
    check "dns: example.test MX via resolver" dns_example_mx
    check "dns: example.test TXT (SPF + verification) via resolver" dns_example_txt
    check "dns: _dmarc.example.test TXT via resolver" dns_example_dmarc
    check "dns: mail.example.test A via resolver" dns_mail_host
    check "dns: acme.test has two SPF records" dns_acme_two_spf
    check "dns: nosuch.test is NXDOMAIN" dns_nxdomain
    check "dns: empty.test MX is NOERROR with no data" dns_empty_no_mx
    check "dns: servfail.test is SERVFAIL, fast" dns_servfail_fast
    check "dns: timeout.test gets no answer within 2 s" dns_timeout
    check "dns: bigkey DKIM TXT whole over TCP, truncated over plain UDP" dns_bigkey
    check "dns: secondary has the primary's SOA serials" dns_secondary_in_sync
    check "dns: secondary answers example.test MX" dns_secondary_answers_mx
    check "imap: 993 TLS login, SELECT INBOX" mailprobe imaps-login
    check "imap: 143 STARTTLS login (LOGINDISABLED before TLS)" mailprobe imap-starttls-login
    check "imap: POP3-only user refused ('disabled')" mailprobe imap-pop-only-refused
    check "imap: wrong password refused without delay" mailprobe imap-bad-password-fast
    check "pop3: 995 TLS login as the POP3-only user" mailprobe pop3s-pop-only-login
    check "pop3: 110 STLS login" mailprobe pop3-stls-login
    check "smtp: 587 no AUTH before STARTTLS, then AUTH PLAIN" mailprobe submission-587-plain
    check "smtp: 587 STARTTLS, AUTH LOGIN" mailprobe submission-587-login
    check "smtp: 465 TLS, AUTH PLAIN" mailprobe submissions-465-plain
    check "smtp: wrong password refused" mailprobe submission-bad-password
    check "smtp: submitted mail is delivered to the IMAP inbox" mailprobe delivery-to-mailbox
    check "imap: 993 TLS login as the IMAP-only user" mailprobe imaps-imap-only-login
    check "pop3: IMAP-only user refused ('disabled')" mailprobe pop3s-imap-only-refused
    check "tls: wrong-host, expired and untrusted certificates on .32/.33/.34" mailprobe tls-fault-certificates
    check "smtp: 127.0.0.32:587 offers neither STARTTLS nor AUTH" mailprobe submission-without-starttls
    check "keychain: secret-tool store/lookup on the private bus" keychain_round_trip
    echo "smoke: $PASSED passed, $FAILED failed"
    (( FAILED == 0 ))
}

main "$@"
