# Mail half of the Sendwell test servers (sourced by start.sh): a throwaway
# test CA and server certificate, Dovecot (IMAP/POP3) and Postfix
# (submission, with SASL through Dovecot and delivery into Dovecot's
# maildirs), each with its own config in the run directory.
# shellcheck shell=bash disable=SC2034,SC2153  # globals are shared across the sourced files

readonly MAIL_UID=65534   # nobody
readonly MAIL_GID=65534   # nogroup
# Test data, not secrets: they exist only in this run's directory and env.
readonly TEST_USER=test@example.test
readonly TEST_PASSWORD=sw-Test-Passw0rd-8d3f1b
readonly POP3_ONLY_USER=pop-only@example.test
readonly POP3_ONLY_PASSWORD=sw-Pop3only-Passw0rd-5e7a2c
# What Dovecot tells the POP3-only user who tries IMAP. passwd-file fields
# cannot hold spaces, so the text reaches Dovecot through its environment.
readonly IMAP_DISABLED_REASON="IMAP access is disabled for this account"
# The IMAP-only user: IMAP + SMTP; POP3 refuses it (right password) with this.
readonly IMAP_ONLY_USER=imap-only@example.test
readonly IMAP_ONLY_PASSWORD=sw-Imaponly-Passw0rd-9b4d1e
readonly POP3_DISABLED_REASON="POP3 access is disabled for this account"
# Certificate faults, each on its own loopback address (same Dovecot, same
# ports; Postfix too where noted): a certificate for another name (and
# Postfix 465 with it, plus Postfix 587 without STARTTLS), an expired one
# (signed by the test CA), and one from a CA nobody is told to trust.
readonly WRONG_HOST_IP=127.0.0.32
readonly EXPIRED_IP=127.0.0.33
readonly UNTRUSTED_IP=127.0.0.34
readonly CLOSED_PORT=9993   # nothing listens on $MAIL_IP:9993

# -------------------------------------------------------------- test CA --

# make_ca RUN: RUN/ca/ca.pem (+ key) and a server certificate for
# mail.example.test (SAN DNS and IP) signed by it. EC P-256: instant.
make_ca() {
    local dir=$1/ca
    mkdir -p "$dir"
    chmod 700 "$dir"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 30 -sha256 \
        -subj "/O=Sendwell tests/CN=Sendwell Test CA $(basename "$1")" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$dir/mail.key" -out "$dir/mail.csr" -subj "/CN=$MAIL_NAME" 2>/dev/null
    cat >"$dir/mail.ext" <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:$MAIL_NAME, IP:$MAIL_IP
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
    openssl x509 -req -in "$dir/mail.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
        -set_serial "0x$(openssl rand -hex 8)" -days 30 -sha256 \
        -extfile "$dir/mail.ext" -out "$dir/mail.crt" 2>/dev/null
    openssl verify -CAfile "$dir/ca.pem" "$dir/mail.crt" >/dev/null
    chmod 644 "$dir/ca.pem" "$dir/mail.crt"
    make_fault_certs "$1"
}

# fault_cert DIR NAME SAN CA_PREFIX DAYS: DIR/NAME.crt/.key signed by
# DIR/CA_PREFIX.pem/.key, valid for DAYS (-1: expired since yesterday).
fault_cert() {
    local dir=$1 name=$2 san=$3 ca=$4 days=$5
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$dir/$name.key" -out "$dir/$name.csr" -subj "/CN=${san#DNS:}" 2>/dev/null
    sed "s/^subjectAltName = .*/subjectAltName = $san/" "$dir/mail.ext" >"$dir/$name.ext"
    openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$ca.pem" -CAkey "$dir/$ca.key" \
        -set_serial "0x$(openssl rand -hex 8)" -days "$days" -sha256 \
        -extfile "$dir/$name.ext" -out "$dir/$name.crt" 2>/dev/null
    chmod 644 "$dir/$name.crt"
}

# make_fault_certs RUN: wrong-host.crt (other.example.test, signed by the test
# CA), expired.crt (mail.example.test + IP, expired), untrusted.crt (signed
# by a second CA that no test trusts).
make_fault_certs() {
    local dir=$1/ca
    fault_cert "$dir" wrong-host "DNS:other.example.test" ca 30
    fault_cert "$dir" expired "DNS:$MAIL_NAME, IP:$EXPIRED_IP" ca -1
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$dir/other-ca.key" -out "$dir/other-ca.pem" -days 30 -sha256 \
        -subj "/O=Sendwell tests/CN=Untrusted CA $(basename "$1")" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    fault_cert "$dir" untrusted "DNS:$MAIL_NAME, IP:$UNTRUSTED_IP" other-ca 30
}

# --------------------------------------------------------------- Dovecot --

# passwd_line USER PASSWORD [EXTRA_FIELDS]: one passwd-file line with a
# SHA512-CRYPT hash; EXTRA_FIELDS are space-separated key=value pairs.
passwd_line() {
    local hash
    hash=$(openssl passwd -6 "$2")
    printf '%s:{SHA512-CRYPT}%s::::::%s\n' "$1" "$hash" "${3:-}"
}

# write_dovecot_users RUN: the userdb, and one passdb per service (%s in the
# passdb path): imap, pop3, smtp (Postfix's SASL). The POP3-only user is in
# the imap file with nologin, so with the right password IMAP answers
# "NO [CONTACTADMIN] IMAP access is disabled for this account" (a wrong
# password still gets the usual "[AUTHENTICATIONFAILED]").
write_dovecot_users() {
    local run=$1 dir=$1/dovecot user
    {
        for user in "$TEST_USER" "$POP3_ONLY_USER" "$IMAP_ONLY_USER"; do
            printf '%s::%s:%s::%s::\n' "$user" "$MAIL_UID" "$MAIL_GID" \
                "$run/mail/${user#*@}/${user%@*}"
        done
    } >"$dir/users"
    {
        passwd_line "$TEST_USER" "$TEST_PASSWORD"
        passwd_line "$POP3_ONLY_USER" "$POP3_ONLY_PASSWORD" \
            "nologin=y reason=%{env:SENDWELL_IMAP_DISABLED_REASON}"
        passwd_line "$IMAP_ONLY_USER" "$IMAP_ONLY_PASSWORD"
    } >"$dir/passdb.imap"
    {
        passwd_line "$TEST_USER" "$TEST_PASSWORD"
        passwd_line "$POP3_ONLY_USER" "$POP3_ONLY_PASSWORD"
        passwd_line "$IMAP_ONLY_USER" "$IMAP_ONLY_PASSWORD" \
            "nologin=y reason=%{env:SENDWELL_POP3_DISABLED_REASON}"
    } >"$dir/passdb.pop3"
    {
        passwd_line "$TEST_USER" "$TEST_PASSWORD"
        passwd_line "$POP3_ONLY_USER" "$POP3_ONLY_PASSWORD"
        passwd_line "$IMAP_ONLY_USER" "$IMAP_ONLY_PASSWORD"
    } >"$dir/passdb.smtp"
    # Read by Dovecot's auth worker, which runs as the dovecot user.
    chgrp dovecot "$dir"/passdb.*
    chmod 640 "$dir"/passdb.*
}

write_dovecot_conf() {
    local run=$1 dir=$1/dovecot queue=$1/postfix/queue
    cat >"$dir/dovecot.conf" <<EOF
# Dovecot for the Sendwell tests: IMAP 143 (STARTTLS) / 993 (TLS) and POP3
# 110 (STLS) / 995 (TLS) on $MAIL_IP, TLS required before any password,
# no login penalties, mail as nobody:nogroup under $run/mail.
base_dir = $dir/run
state_dir = $dir/state
instance_name = $(basename "$run")
protocols = imap pop3
listen = $MAIL_IP, $WRONG_HOST_IP, $EXPIRED_IP, $UNTRUSTED_IP
log_path = $run/logs/dovecot.log
verbose_proctitle = yes
import_environment = TZ CORE_OUTOFMEM CORE_ERROR LISTEN_PID LISTEN_FDS NOTIFY_SOCKET SENDWELL_IMAP_DISABLED_REASON SENDWELL_POP3_DISABLED_REASON

ssl = required
ssl_cert = <$run/ca/mail.crt
ssl_key = <$run/ca/mail.key
ssl_min_protocol = TLSv1.2
# The certificate faults (see make_fault_certs), one per address.
local $WRONG_HOST_IP {
  ssl_cert = <$run/ca/wrong-host.crt
  ssl_key = <$run/ca/wrong-host.key
}
local $EXPIRED_IP {
  ssl_cert = <$run/ca/expired.crt
  ssl_key = <$run/ca/expired.key
}
local $UNTRUSTED_IP {
  ssl_cert = <$run/ca/untrusted.crt
  ssl_key = <$run/ca/untrusted.key
}
disable_plaintext_auth = yes

auth_mechanisms = plain login
auth_failure_delay = 0
auth_verbose = yes
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT $dir/passdb.%s
}
userdb {
  driver = passwd-file
  args = $dir/users
}

mail_location = maildir:~/Maildir
first_valid_uid = $MAIL_UID
first_valid_gid = $MAIL_GID
mail_max_userip_connections = 100

service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
# Postfix asks this socket to check SMTP AUTH passwords (service "smtp").
service auth {
  unix_listener $queue/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
# A client that fails to log in is not slowed down.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF
}

dovecot_ready() {
    greets "$MAIL_IP" 143 '^\* OK' && greets "$MAIL_IP" 110 '^\+OK' &&
        greets "$UNTRUSTED_IP" 143 '^\* OK' &&
        tls_verifies "$1" 993 && tls_verifies "$1" 995 &&
        [[ -S $1/postfix/queue/private/auth ]]
}

start_dovecot() {
    local run=$1
    mkdir -p "$run/dovecot/state" "$run/mail"
    chown "$MAIL_UID:$MAIL_GID" "$run/mail"
    write_dovecot_users "$run"
    write_dovecot_conf "$run"
    run_daemon "$run" dovecot "$run/logs/dovecot.out" \
        env SENDWELL_IMAP_DISABLED_REASON="$IMAP_DISABLED_REASON" \
        SENDWELL_POP3_DISABLED_REASON="$POP3_DISABLED_REASON" \
        dovecot -F -c "$run/dovecot/dovecot.conf"
    wait_ready dovecot "$LAST_PID" 10 dovecot_ready "$run" ||
        { FAILED_LOGS="$run/logs/dovecot.log $run/logs/dovecot.out"; return 1; }
}

# --------------------------------------------------------------- Postfix --

write_postfix_conf() {
    local run=$1 etc=$1/postfix/etc
    mkdir -p "$etc" "$run/postfix/data" "$run/postfix/queue"
    chown postfix: "$run/postfix/data"
    chmod 700 "$run/postfix/data"
    cat >"$etc/main.cf" <<EOF
# Postfix for the Sendwell tests: submission only, on $MAIL_IP:587
# (STARTTLS) and :465 (TLS), AUTH through Dovecot, and delivery for
# example.test into the Dovecot maildirs. Nothing is ever sent onwards.
compatibility_level = 3.6
queue_directory = $run/postfix/queue
data_directory = $run/postfix/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $run/logs/postfix.log
maillog_file_prefixes = $run/logs

myhostname = $MAIL_NAME
mydomain = example.test
myorigin = \$mydomain
mydestination =
# Only the two submission services listen, each bound to $MAIL_IP in
# master.cf. (inet_interfaces = $MAIL_IP is refused: Postfix wants an
# address configured on an interface, and lo carries only 127.0.0.1.)
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP Sendwell test submission
biff = no
append_dot_mydomain = no
readme_directory = no

# No DNS, no outside world: the machine has no resolver of ours, and a test
# must never send mail anywhere. Anything not for example.test bounces.
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
alias_maps =
alias_database =
local_recipient_maps =
local_transport = error:local delivery is disabled here
default_transport = error:the Sendwell test server delivers only to example.test
relay_transport = error:the Sendwell test server delivers only to example.test

virtual_mailbox_domains = example.test
virtual_mailbox_base = $run/mail
virtual_mailbox_maps = texthash:$etc/vmailbox
virtual_alias_maps = texthash:$etc/valias
virtual_uid_maps = static:$MAIL_UID
virtual_gid_maps = static:$MAIL_GID

smtpd_tls_cert_file = $run/ca/mail.crt
smtpd_tls_key_file = $run/ca/mail.key
smtpd_tls_security_level = encrypt
smtpd_tls_auth_only = yes
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_tls_loglevel = 1
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_sasl_security_options = noanonymous
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
EOF
    cat >"$etc/master.cf" <<EOF
# service        type  private unpriv chroot wakeup maxproc command
$MAIL_IP:587  inet  n       -      n      -      -       smtpd
  -o syslog_name=postfix/submission
$MAIL_IP:465  inet  n       -      n      -      -       smtpd
  -o syslog_name=postfix/submissions
  -o smtpd_tls_wrappermode=yes
# Faults: 465 with a certificate for another name; 587 without STARTTLS
# (and so, with smtpd_tls_auth_only, without AUTH).
$WRONG_HOST_IP:465 inet n      -      n      -      -       smtpd
  -o syslog_name=postfix/submissions-wrong-host
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_cert_file=$run/ca/wrong-host.crt
  -o smtpd_tls_key_file=$run/ca/wrong-host.key
$WRONG_HOST_IP:587 inet n      -      n      -      -       smtpd
  -o syslog_name=postfix/submission-no-starttls
  -o smtpd_tls_security_level=none
pickup           unix  n       -      n      60     1       pickup
cleanup          unix  n       -      n      -      0       cleanup
qmgr             unix  n       -      n      300    1       qmgr
tlsmgr           unix  -       -      n      1000?  1       tlsmgr
rewrite          unix  -       -      n      -      -       trivial-rewrite
bounce           unix  -       -      n      -      0       bounce
defer            unix  -       -      n      -      0       bounce
trace            unix  -       -      n      -      0       bounce
verify           unix  -       -      n      -      1       verify
flush            unix  n       -      n      1000?  0       flush
proxymap         unix  -       -      n      -      -       proxymap
proxywrite       unix  -       -      n      -      1       proxymap
smtp             unix  -       -      n      -      -       smtp
relay            unix  -       -      n      -      -       smtp
showq            unix  n       -      n      -      -       showq
error            unix  -       -      n      -      -       error
retry            unix  -       -      n      -      -       error
discard          unix  -       -      n      -      -       discard
virtual          unix  -       n      n      -      -       virtual
anvil            unix  -       -      n      -      1       anvil
scache           unix  -       -      n      -      1       scache
postlog          unix-dgram n  -      n      -      1       postlogd
EOF
    printf '%s example.test/%s/Maildir/\n' \
        "$TEST_USER" "${TEST_USER%@*}" \
        "$POP3_ONLY_USER" "${POP3_ONLY_USER%@*}" \
        "$IMAP_ONLY_USER" "${IMAP_ONLY_USER%@*}" >"$etc/vmailbox"
    printf '%s %s\n' \
        postmaster@example.test "$TEST_USER" \
        dmarc@example.test "$TEST_USER" >"$etc/valias"
}

# postfix_diagnose RUN: before its log daemon runs, the postfix command
# reports errors only to syslog (there is no /dev/log here) or to a terminal;
# run 'postfix check' on a pseudo-terminal to get the reason into a log.
postfix_diagnose() {
    local run=$1
    script -qc "postfix -c $run/postfix/etc check" /dev/null \
        >>"$run/logs/postfix.out" 2>&1 || true
    FAILED_LOGS="$run/logs/postfix.out $run/logs/postfix.log"
}

# prepare_postfix RUN: config, plus the queue directories (Dovecot puts its
# auth socket in queue/private, so they must exist before Dovecot starts).
prepare_postfix() {
    local run=$1
    write_postfix_conf "$run"
    if ! postfix -c "$run/postfix/etc" check >>"$run/logs/postfix.out" 2>&1; then
        log "postfix check failed"
        postfix_diagnose "$run"
        return 1
    fi
}

postfix_ready() {
    greets "$MAIL_IP" 587 '^220 ' && tls_verifies "$1" 465 &&
        greets "$WRONG_HOST_IP" 587 '^220 '
}

start_postfix() {
    local run=$1 etc=$1/postfix/etc pid
    if ! postfix -c "$etc" start >>"$run/logs/postfix.out" 2>&1; then
        log "postfix failed to start"
        postfix_diagnose "$run"
        return 1
    fi
    pid=$(tr -d ' ' <"$run/postfix/queue/pid/master.pid")
    record_pid "$run" postfix-master "$pid"
    wait_ready postfix "$pid" 10 postfix_ready "$run" ||
        { FAILED_LOGS="$run/logs/postfix.log $run/logs/postfix.out"; return 1; }
}

# ---------------------------------------------------------------- probes --

# greets HOST PORT REGEX: a plain TCP connect whose first line matches.
greets() {
    # shellcheck disable=SC2016  # the inner script gets its own "$@"
    timeout 2 bash -c '
        exec 3<>"/dev/tcp/$1/$2" || exit 1
        IFS= read -r line <&3 || exit 1
        [[ $line =~ $3 ]]' _ "$@"
}

# tls_verifies RUN PORT: a TLS handshake with MAIL_IP:PORT whose certificate
# verifies against the run's test CA for mail.example.test.
tls_verifies() {
    timeout 3 openssl s_client -connect "$MAIL_IP:$2" -servername "$MAIL_NAME" \
        -verify_hostname "$MAIL_NAME" -CAfile "$1/ca/ca.pem" -verify_return_error \
        -brief </dev/null >/dev/null 2>&1
}

# start_mail RUN
start_mail() {
    local run=$1
    make_ca "$run"
    prepare_postfix "$run"
    start_dovecot "$run"
    start_postfix "$run"
}
