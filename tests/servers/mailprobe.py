#!/usr/bin/env python3
"""Mail probes for the Sendwell test servers' smoke test (smoke.sh).

Usage: mailprobe.py CHECK   (reads SENDWELL_TEST_* from the environment)

Each CHECK talks to the real Dovecot/Postfix on SENDWELL_TEST_MAIL_HOST,
exits 0 on success, and otherwise prints one line saying why and exits 1.
TLS always verifies the server: only the test CA is trusted, and the name
checked is mail.example.test. That name is pinned to the test address here,
so no DNS lookup leaves the machine.
"""

import imaplib
import os
import poplib
import smtplib
import socket
import ssl
import sys
import time
import uuid

ENV = os.environ
MAIL_IP = ENV["SENDWELL_TEST_MAIL_HOST"]
MAIL_NAME = ENV["SENDWELL_TEST_MAIL_NAME"]
CA = ENV["SENDWELL_TEST_CA"]
USER = ENV["SENDWELL_TEST_USER"]
PASSWORD = ENV["SENDWELL_TEST_PASSWORD"]
POP_USER = ENV["SENDWELL_TEST_POP3_ONLY_USER"]
POP_PASSWORD = ENV["SENDWELL_TEST_POP3_ONLY_PASSWORD"]
IMAP_ONLY_USER = ENV["SENDWELL_TEST_IMAP_ONLY_USER"]
IMAP_ONLY_PASSWORD = ENV["SENDWELL_TEST_IMAP_ONLY_PASSWORD"]
FAULTS = {  # address -> the OpenSSL verify error its certificate must give
    ENV["SENDWELL_TEST_WRONG_HOST_IP"]: "Hostname mismatch",
    ENV["SENDWELL_TEST_EXPIRED_IP"]: "certificate has expired",
    ENV["SENDWELL_TEST_UNTRUSTED_IP"]: "unable to get local issuer certificate",
}
TIMEOUT = 10
HELO_NAME = "smoke.example.test"  # so smtplib does not look up our own name

_real_create_connection = socket.create_connection


def _pinned_create_connection(address, *args, **kwargs):
    host, port = address[0], address[1]
    if host == MAIL_NAME:
        host = MAIL_IP
    return _real_create_connection((host, port), *args, **kwargs)


socket.create_connection = _pinned_create_connection


class Failed(Exception):
    pass


def tls_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies cert + hostname
    ctx.load_verify_locations(cafile=CA)           # and trusts only the test CA
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    return ctx


# ------------------------------------------------------------------ IMAP --

def imap_session(imap, user, password):
    imap.login(user, password)
    typ, data = imap.select("INBOX")
    if typ != "OK":
        raise Failed(f"SELECT INBOX: {typ} {data}")
    imap.logout()


def check_imaps_login():
    with imaplib.IMAP4_SSL(MAIL_NAME, 993, ssl_context=tls_context(),
                           timeout=TIMEOUT) as imap:
        imap_session(imap, USER, PASSWORD)


def check_imap_starttls_login():
    with imaplib.IMAP4(MAIL_NAME, 143, timeout=TIMEOUT) as imap:
        if "LOGINDISABLED" not in imap.capabilities:
            raise Failed(f"LOGIN allowed before STARTTLS: {imap.capabilities}")
        imap.starttls(ssl_context=tls_context())
        imap_session(imap, USER, PASSWORD)


def imap_login_error(user, password):
    """The server's refusal text, or raise if the login works."""
    with imaplib.IMAP4_SSL(MAIL_NAME, 993, ssl_context=tls_context(),
                           timeout=TIMEOUT) as imap:
        try:
            imap.login(user, password)
        except imaplib.IMAP4.error as err:
            return str(err)
        imap.logout()
    raise Failed(f"IMAP login as {user} succeeded")


def check_imap_pop_only_refused():
    text = imap_login_error(POP_USER, POP_PASSWORD)
    if "disabled" not in text.lower():
        raise Failed(f"refused, but not as 'disabled': {text}")


def check_imap_bad_password_fast():
    started = time.monotonic()
    imap_login_error(USER, PASSWORD + "-wrong")
    elapsed = time.monotonic() - started
    if elapsed > 1.5:
        raise Failed(f"refusal took {elapsed:.1f}s (login penalty?)")


# ------------------------------------------------------------------ POP3 --

def pop3_session(pop, user, password):
    pop.user(user)
    pop.pass_(password)
    pop.stat()
    pop.quit()


def check_pop3s_pop_only_login():
    pop = poplib.POP3_SSL(MAIL_NAME, 995, context=tls_context(), timeout=TIMEOUT)
    pop3_session(pop, POP_USER, POP_PASSWORD)


def check_pop3_stls_login():
    pop = poplib.POP3(MAIL_NAME, 110, timeout=TIMEOUT)
    pop.stls(context=tls_context())
    pop3_session(pop, USER, PASSWORD)


def check_pop3s_imap_only_refused():
    pop = poplib.POP3_SSL(MAIL_NAME, 995, context=tls_context(), timeout=TIMEOUT)
    pop.user(IMAP_ONLY_USER)
    try:
        pop.pass_(IMAP_ONLY_PASSWORD)
    except poplib.error_proto as err:
        if "disabled" not in str(err).lower():
            raise Failed(f"refused, but not as 'disabled': {err}")
        return
    raise Failed("POP3 login as the IMAP-only user succeeded")


def check_imaps_imap_only_login():
    with imaplib.IMAP4_SSL(MAIL_NAME, 993, ssl_context=tls_context(),
                           timeout=TIMEOUT) as imap:
        imap_session(imap, IMAP_ONLY_USER, IMAP_ONLY_PASSWORD)


def check_tls_fault_certificates():
    """Each fault address's certificate fails verification for its own reason."""
    for ip, expected in FAULTS.items():
        for port in (993, 995):
            raw = _real_create_connection((ip, port), timeout=TIMEOUT)
            try:
                tls_context().wrap_socket(raw, server_hostname=MAIL_NAME).close()
            except ssl.SSLCertVerificationError as err:
                if expected not in str(err.verify_message):
                    raise Failed(f"{ip}:{port}: {err.verify_message}, expected {expected}")
                continue
            finally:
                raw.close()
            raise Failed(f"{ip}:{port}: the certificate verified")


def check_submission_without_starttls():
    ip = ENV["SENDWELL_TEST_WRONG_HOST_IP"]
    smtp = smtplib.SMTP(ip, 587, local_hostname=HELO_NAME, timeout=TIMEOUT)
    smtp.ehlo()
    if smtp.has_extn("starttls") or smtp.has_extn("auth"):
        raise Failed(f"STARTTLS or AUTH offered: {smtp.esmtp_features}")
    smtp.quit()


# ------------------------------------------------------------------ SMTP --

def submission(port):
    """An SMTP connection on port 587 (after STARTTLS) or 465 (TLS)."""
    if port == 465:
        smtp = smtplib.SMTP_SSL(MAIL_NAME, 465, local_hostname=HELO_NAME,
                                context=tls_context(), timeout=TIMEOUT)
        smtp.ehlo()
        return smtp
    smtp = smtplib.SMTP(MAIL_NAME, 587, local_hostname=HELO_NAME, timeout=TIMEOUT)
    smtp.ehlo()
    if smtp.has_extn("auth"):
        raise Failed(f"AUTH offered before STARTTLS: {smtp.esmtp_features}")
    if not smtp.has_extn("starttls"):
        raise Failed("no STARTTLS on 587")
    smtp.starttls(context=tls_context())
    smtp.ehlo()
    return smtp


def smtp_auth(port, mechanism):
    smtp = submission(port)
    offered = smtp.esmtp_features.get("auth", "").upper().split()
    if mechanism not in offered:
        raise Failed(f"AUTH {mechanism} not offered, only {offered}")
    smtp.user, smtp.password = USER, PASSWORD
    method = {"PLAIN": smtp.auth_plain, "LOGIN": smtp.auth_login}[mechanism]
    code, resp = smtp.auth(mechanism, method, initial_response_ok=True)
    if code != 235:
        raise Failed(f"AUTH {mechanism}: {code} {resp}")
    smtp.quit()


def check_submission_587_plain():
    smtp_auth(587, "PLAIN")


def check_submission_587_login():
    smtp_auth(587, "LOGIN")


def check_submissions_465_plain():
    smtp_auth(465, "PLAIN")


def check_submission_bad_password():
    smtp = submission(587)
    try:
        smtp.login(USER, PASSWORD + "-wrong")
    except smtplib.SMTPAuthenticationError:
        smtp.quit()
        return
    raise Failed("AUTH with a wrong password succeeded")


def check_delivery_to_mailbox():
    """Submit a message on 587, then find it over IMAP."""
    subject = f"sendwell smoke {uuid.uuid4()}"
    message = (f"From: {USER}\r\nTo: {USER}\r\nSubject: {subject}\r\n\r\n"
               "Delivered by the Sendwell test servers' smoke test.\r\n")
    smtp = submission(587)
    smtp.login(USER, PASSWORD)
    smtp.sendmail(USER, [USER], message)
    smtp.quit()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with imaplib.IMAP4_SSL(MAIL_NAME, 993, ssl_context=tls_context(),
                               timeout=TIMEOUT) as imap:
            imap.login(USER, PASSWORD)
            imap.select("INBOX")
            typ, data = imap.search(None, "SUBJECT", f'"{subject}"')
            imap.logout()
        if typ == "OK" and data and data[0].split():
            return
        time.sleep(0.2)
    raise Failed("message not in INBOX after 15 s (see the postfix log)")


CHECKS = {name[len("check_"):].replace("_", "-"): fn
          for name, fn in globals().items() if name.startswith("check_")}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CHECKS:
        print(f"usage: mailprobe.py {{{','.join(sorted(CHECKS))}}}")
        return 2
    try:
        CHECKS[sys.argv[1]]()
    except (Failed, OSError, ssl.SSLError, imaplib.IMAP4.error,
            poplib.error_proto, smtplib.SMTPException) as err:
        print(f"{type(err).__name__}: {err}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
