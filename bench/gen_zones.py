#!/usr/bin/env python3
"""Write N generated sending domains (bench001.test ...) as zone files for the audit benchmark.

Each domain has two MX hosts, an SPF record with nested includes (3 levels, 4 DNS lookups), a
DMARC record with a report address, and DKIM keys at two common selectors. Everything stays under
.test, so the test resolver answers every lookup from the test Knot primary.
Usage: gen_zones.py N OUTDIR   (prints the domain names, one per line)
"""
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
# A real RSA-2048 public key (base64 SubjectPublicKeyInfo) from the caller, shared by all domains.
key = os.environ["BENCH_DKIM_KEY"]
key_strings = " ".join('"%s"' % key[i:i + 200] for i in range(0, len(key), 200))
for i in range(1, n + 1):
    d = f"bench{i:03d}.test"
    with open(os.path.join(out, d + ".zone"), "w") as f:
        f.write(f"""$ORIGIN {d}.
$TTL 300
@ IN SOA ns1.example.test. hostmaster.example.test. 1 3600 600 86400 60
@ IN NS ns1.example.test.
@ IN MX 10 mx1.{d}.
@ IN MX 20 mx2.{d}.
mx1 IN A 127.0.0.31
mx2 IN A 127.0.0.31
@ IN TXT "v=spf1 ip4:192.0.2.{i % 250 + 1} include:_spf.{d} include:_spf-mkt.{d} mx -all"
_spf IN TXT "v=spf1 include:_spf2.{d} ip4:198.51.100.0/24 ~all"
_spf2 IN TXT "v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/32 ~all"
_spf-mkt IN TXT "v=spf1 a:out.{d} ~all"
out IN A 192.0.2.200
_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@{d}; adkim=r; aspf=r"
google._domainkey IN TXT "v=DKIM1; k=rsa; p=" {key_strings}
s1._domainkey IN TXT "v=DKIM1; k=rsa; p=" {key_strings}
""")
    print(d)
