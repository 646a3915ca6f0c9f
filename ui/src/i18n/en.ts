// The English message catalog: every word the UI shows a person lives here, nowhere else.
// A translation is a copy of this object with the same keys; `{name}` placeholders are filled by t().

import type { KnownErrorCode, LookupOutcome, LookupQuery } from '../ipc';

export const en = {
  // App shell
  'app.title': 'Sendwell',
  'app.tagline': 'Get your domain ready to send email',
  'app.skip_to_content': 'Skip to the current step',

  // Step list
  'steps.nav_label': 'Setup steps',
  'steps.step_number': 'Step {number}',
  'steps.locked_note': 'Choose a domain first; then you can open any step.',
  'steps.domain': 'Domain',
  'steps.senders': 'Senders',
  'steps.spf': 'SPF',
  'steps.dkim': 'DKIM',
  'steps.dmarc': 'DMARC',
  'steps.extras': 'Extras',
  'steps.publish': 'Publish',
  'steps.propagation': 'Propagation',
  'steps.mailboxes': 'Mailboxes',
  'steps.done': 'Done',

  // Domain step: the form
  'domain.title': 'Which domain will you send email from?',
  'domain.intro':
    'Sendwell looks at what your domain already has set up. It only reads public information — nothing is changed.',
  'domain.input_label': 'Your sending domain',
  'domain.input_hint': 'The part after @ in your email address, e.g. yourcompany.com',
  'domain.submit': 'Look up',
  'domain.busy': 'Looking up…',
  'domain.progress': 'Looking up {domain}…',
  'domain.progress_detail': 'Asking DNS servers about nameservers, mail servers, SPF and DMARC. This usually takes a few seconds.',
  'domain.finished': 'Finished looking up {domain}.',
  'domain.empty_state':
    'Type your domain above and press Look up (or the Enter key). You will see who runs your DNS and email, and what is already set up.',

  // Domain step: results
  'result.heading': 'What we found for {domain}',
  'result.section_name': 'Your domain',
  'result.section_name_explain': 'The name Sendwell will set up, and what we changed in what you typed.',
  'result.you_typed': 'You typed: {input}',
  'result.punycode': 'Shown as {ascii} in DNS',
  'result.punycode_explain':
    'Names with accents or non-Latin letters are stored in DNS in this plain form (called punycode). Both mean the same domain.',
  'result.note.trailing_dot_removed': 'We removed the dot at the end — it is not needed.',
  'result.note.lowercased': 'We changed capital letters to small ones — domain names ignore case.',
  'result.note.whitespace_trimmed': 'We removed spaces at the start or end.',
  'result.subdomain':
    '{domain} is a subdomain of {registrable}. The records will be set up on {domain}, so email will be sent from addresses like name@{domain}.',
  'result.subdomain_action': 'Use {registrable} instead',

  'result.dns_host_title': 'DNS host',
  'result.dns_host_explain':
    'The company that runs your domain’s DNS — the place where you will paste the new records.',
  'result.dns_host_unknown': 'Not recognised — that’s fine, we’ll give general instructions',
  'result.matched_ns': 'Recognised from the nameserver {matched}',

  'result.mail_title': 'Mail provider',
  'result.mail_explain': 'The service that receives email for your domain, recognised from its mail servers (MX).',
  'result.mail_unknown': 'Not recognised',
  'result.mail_none': 'No mail servers found',
  'result.mail_none_explain': 'That’s fine for a domain that only sends email. Replies will need somewhere to go, though.',
  'result.matched_mx': 'Recognised from the mail server {matched}',

  'result.ns_title': 'Nameservers (NS)',
  'result.ns_explain': 'The servers that answer questions about your domain. They show who your DNS host is.',
  'result.ns_none': 'None found',

  'result.mx_title': 'Mail servers (MX)',
  'result.mx_explain':
    'Where email sent to your domain is delivered. Setting up sending does not change these.',
  'result.mx_none': 'None found',
  'result.mx_priority': 'priority {preference}',
  'result.mx_priority_explain': 'Servers with a lower priority number are tried first.',

  'result.spf_title': 'SPF',
  'result.spf_explain': 'A list of the services allowed to send email as your domain.',
  'result.spf_none': 'None found',
  'result.spf_none_explain': 'You will create one in the SPF step.',
  'result.spf_multiple': '{count} SPF records found',
  'result.spf_multiple_explain':
    'A domain must have only one SPF record. With more than one, receivers treat SPF as broken. Sendwell will merge them into one.',

  'result.dmarc_title': 'DMARC',
  'result.dmarc_explain':
    'Tells receiving mail servers what to do with email that fails the checks, and where to send reports.',
  'result.dmarc_none': 'None found',
  'result.dmarc_none_explain': 'You will create one in the DMARC step.',
  'result.dmarc_inherited':
    'This record is set on {registrable}. This subdomain has none of its own, so this one applies to it.',
  'result.dmarc_policy_label': 'Policy:',
  'result.dmarc_policy.none': 'Monitoring only — failing email is still delivered, and you get reports',
  'result.dmarc_policy.quarantine': 'Spam folder — failing email goes to spam',
  'result.dmarc_policy.reject': 'Blocked — failing email is refused',
  'result.dmarc_policy.missing': 'No valid policy found in the record',

  // A box whose lookup did not complete. Never shown as "none found".
  'result.unchecked.nxdomain': 'Not checked — the domain was not found in DNS',
  'result.unchecked.servfail': 'Could not be checked — the DNS servers answered with an error',
  'result.unchecked.timeout': 'Could not be checked — no answer in time',
  'result.unchecked.refused': 'Could not be checked — the DNS server refused to answer',
  'result.unchecked.error': 'Could not be checked — the lookup failed',
  'result.unchecked.missing': 'Could not be checked',

  // Lookup outcomes other than found / no_records
  'lookup.problems_title': 'Some checks did not complete',
  'lookup.nxdomain_title': 'This domain does not exist in DNS',
  'lookup.nxdomain':
    'DNS has no record of {domain}. Check the spelling, and check that the domain is registered (your registrar’s website shows this). Then look it up again.',
  'lookup.servfail':
    'The domain’s DNS servers answered with an error. This is usually a problem at your DNS host. Try again later, or contact them if it keeps happening.',
  'lookup.timeout':
    'No answer came in time. This does not mean the record is missing. Check your internet connection and try again.',
  'lookup.refused':
    'A DNS server refused to answer. This is usually a setting at your DNS host or on your network. Try again, or try from another network.',
  'lookup.error':
    'Something went wrong while asking DNS. Check your internet connection and try again.',
  'lookup.affected': 'Affected: {checks}',
  'lookup.query.NS': 'nameservers (NS)',
  'lookup.query.MX': 'mail servers (MX)',
  'lookup.query.TXT': 'SPF (TXT records)',
  'lookup.query.DMARC': 'DMARC',
  'lookup.query.DKIM': 'DKIM keys',
  'lookup.list_separator': ', ',
  'lookup.retry': 'Try again',
  'lookup.change_domain': 'Change the domain',
  'lookup.details': 'Technical details',
  'lookup.detail_line': '{query} {name}: {outcome}',

  // Findings and status
  'findings.title': 'Findings',
  'findings.empty': 'Nothing to report.',
  'findings.fix_label': 'What to do:',
  'severity.info': 'Note',
  'severity.warning': 'Warning',
  'severity.error': 'Problem',
  'status.label': 'Overall:',
  'status.pass': 'Looks good',
  'status.warn': 'Needs attention',
  'status.fail': 'Needs fixing',
  'status.pass_summary': 'Nothing here stops you from setting up sending.',
  'status.warn_summary': 'Some things need a look — see the findings below.',
  'status.fail_summary': 'Some things need fixing before email will be delivered reliably — see the findings below.',

  // What's next
  'next.title': 'What’s next',
  'next.body':
    'Next you’ll choose every service that sends email as {domain}. Nothing has been changed so far — Sendwell only read public records.',
  'next.button': 'Next: choose who sends email',

  // Wizard shell: Back / Next and the step list
  'nav.back': 'Back',
  'nav.next': 'Next',
  'nav.label': 'Move between steps',

  // === plan steps (A) ===
  // Wizard shell (A): loading, notices, errors and the shared parts of the plan steps
  'wizard.loading': 'Opening your saved progress…',
  'wizard.working_on': 'Working on {domain}',
  'wizard.dismiss': 'Dismiss',
  'wizard.try_again': 'Try again',
  'wizard.why': 'Why it matters',
  'wizard.skip': 'What happens if you skip it',
  'wizard.notice.store.corrupt': 'Sendwell could not read your saved progress: the file was damaged.',
  'wizard.notice.store.corrupt.next':
    'Nothing was deleted: the old file was moved aside and Sendwell started with a fresh one. Add your domain again to continue.',
  'wizard.notice.store.newer': 'Your saved progress was made by a newer version of Sendwell.',
  'wizard.notice.store.newer.next':
    'Install the newer Sendwell to carry on where you left off. This version kept the file aside and started fresh, so nothing was lost.',
  'wizard.notice.store.unavailable': 'Sendwell cannot save your progress on this computer right now.',
  'wizard.notice.store.unavailable.next':
    'You can keep working, but what you do will not be kept when you close Sendwell. Check that your disk has free space and restart Sendwell.',
  'wizard.notice.unknown': 'There is a problem with your saved progress: {message}',
  'wizard.notice.moved_to': 'The old file is now at:',
  'wizard.plan_busy': 'Working out your records…',
  'wizard.plan_done': 'Your records are up to date.',
  'wizard.change.new': 'New record: add it',
  'wizard.change.replace': 'Changes a record you have: edit it',
  'wizard.change.unchanged': 'Already published: nothing to do',
  'wizard.record.type': 'Type',
  'wizard.record.host': 'Host',
  'wizard.record.priority': 'Priority',
  'wizard.record.value': 'Value',
  'wizard.record.old': 'Published today (this is replaced)',
  'wizard.record.ttl': 'TTL',
  'wizard.record.ttl_value': '{seconds} seconds',
  'wizard.record.ttl_explain':
    'TTL (time to live): how long other servers may remember the record before asking again.',
  'wizard.record.published_by': 'The owner of {domain} publishes this record, not you. Send it to them.',
  'wizard.provider_hosts': 'Names to add:',
  'wizard.provider_link': 'Their help page (copy it into your browser):',

  // Step 2: Senders
  'senders.title': 'Who sends email as your domain?',
  'senders.intro':
    'Tick every service that sends email with your domain in the From address: your mailbox provider, newsletter and outreach tools, your shop or app, and your own server. Sendwell builds the records from this list.',
  'senders.why':
    'Receiving servers only trust mail from services your domain names. Every service you tick gets a place in your SPF and DKIM records.',
  'senders.skip':
    'Mail from a service you leave out may land in spam or be refused once your domain asks receivers to check.',
  'senders.loading': 'Loading the list of services…',
  'senders.preselected':
    'We ticked {provider} because your domain’s email is delivered there today. Untick it if that is wrong.',
  'senders.kind.mailbox': 'Mailbox providers',
  'senders.kind.mailbox.explain': 'Where your team reads and writes email.',
  'senders.kind.transactional': 'Apps, shops and transactional email',
  'senders.kind.transactional.explain': 'Receipts, password resets and other mail your website or app sends.',
  'senders.kind.marketing': 'Newsletters and campaigns',
  'senders.kind.marketing.explain': 'Tools that send newsletters and marketing email for you.',
  'senders.kind.outreach': 'Outreach platforms',
  'senders.kind.outreach.explain': 'Tools that send cold email and follow-ups from your mailboxes.',
  'senders.kind.own_server': 'Your own server',
  'senders.kind.own_server.explain': 'A mail server you or your hosting company run, allowed by its IP address.',
  'senders.ips.title': 'Your server’s addresses',
  'senders.ips.explain':
    'An IP address is the number that identifies your server on the internet. Your hosting company shows it in its control panel.',
  'senders.ips.label': 'IP address of your sending server',
  'senders.ips.hint': 'For example 203.0.113.7, 2001:db8::25, or a range such as 203.0.113.0/28.',
  'senders.ips.add': 'Add address',
  'senders.ips.checking': 'Checking…',
  'senders.ips.list_label': 'Addresses added',
  'senders.ips.remove': 'Remove {ip}',
  'senders.ips.none': 'No addresses added yet.',

  // Step 3: SPF
  'spf.title': 'Your SPF record',
  'spf.intro':
    'SPF (Sender Policy Framework) is one line of text in your DNS that lists the servers allowed to send email as your domain. A domain has exactly one; Sendwell merges your services into it and keeps what you already had.',
  'spf.why': 'Receivers check it on every message: mail from a listed server passes, and forged mail stands out.',
  'spf.skip': 'Without SPF, many receivers treat your mail as suspicious, and DMARC has one check less to pass.',
  'spf.record_title': 'The record to publish',
  'spf.no_record': 'No SPF record is needed for the services you chose.',
  'spf.counts_title': 'Limits receivers check',
  'spf.lookups_label': 'DNS lookups',
  'spf.lookups_value': '{count} of 10',
  'spf.lookups_explain':
    'Each service listed makes receivers look up more records. Over 10 and the whole record fails.',
  'spf.void_label': 'Lookups that find nothing',
  'spf.void_value': '{count} of 2',
  'spf.void_explain': 'Names in the record that do not exist. More than 2 and the record fails.',
  'spf.not_counted': 'Not counted',
  'spf.all_legend': 'What should happen to mail from servers not on the list?',
  'spf.all_soft': 'Mark it as suspicious (~all) — recommended to start',
  'spf.all_soft_explain': 'If you forgot a service, its mail still arrives while you add it.',
  'spf.all_fail': 'Reject it (-all)',
  'spf.all_fail_explain': 'Strictest. Choose it once you are sure every service is listed.',
  'spf.findings_title': 'What Sendwell noticed',

  // Step 4: DKIM
  'dkim.title': 'Your DKIM keys',
  'dkim.intro':
    'DKIM (DomainKeys Identified Mail) signs each message with a secret key; receivers check the signature with the public half of the key, which you publish in DNS. A valid signature proves the mail really came from you and was not changed on the way.',
  'dkim.why': 'DKIM is the check that survives forwarding, and it is what most receivers look at first for DMARC.',
  'dkim.skip': 'Without a DKIM signature your mail depends on SPF alone, and forwarded mail then fails DMARC.',
  'dkim.selector_term': 'What is a selector?',
  'dkim.selector_explain':
    'A short name that tells receivers which key to use, so one domain can have several keys (one per service). The key is published at selector._domainkey.yourdomain.',
  'dkim.choice_title': 'A key made on this computer',
  'dkim.generate_label': 'Make a DKIM key here',
  'dkim.generate_explain':
    'For your own mail server, or a tool that lets you upload a key. Services that give you their own DKIM record don’t need it; untick it then.',
  'dkim.algorithm_legend': 'Kind of key',
  'dkim.algorithm.rsa2048': 'RSA-2048',
  'dkim.algorithm.rsa2048.explain': 'Recommended. Every receiver understands it.',
  'dkim.algorithm.rsa4096': 'RSA-4096',
  'dkim.algorithm.rsa4096.explain': 'Stronger, but some DNS panels and mail servers can’t handle its long record.',
  'dkim.algorithm.ed25519': 'Ed25519',
  'dkim.algorithm.ed25519.explain':
    'Short and modern, but some receivers still ignore it. Use it only as a second key next to an RSA key.',
  'dkim.selector_label': 'Selector (optional)',
  'dkim.selector_hint': 'Leave empty and Sendwell uses a dated name such as sw202612, so later keys can replace it.',
  'dkim.keys_title': 'The key Sendwell made',
  'dkim.key_selector': 'Selector',
  'dkim.key_algorithm': 'Kind',
  'dkim.key_bits': 'Size',
  'dkim.key_bits_value': '{bits} bits',
  'dkim.key_private_note':
    'The private half stays in your computer’s keychain. Your mail server needs a copy to sign mail.',
  'dkim.export_button': 'Save the private key as a file (PEM) for your mail server',
  'dkim.export_saved': 'Saved to',
  'dkim.records_title': 'DKIM records to publish',
  'dkim.provider_title': 'In your services’ own settings',
  'dkim.provider_explain':
    'These services make their own DKIM key. Open their settings, copy the record they show you, and publish it.',
  'dkim.nothing': 'Nothing to publish for DKIM with the services and choices you have now.',
  'dkim.findings_title': 'What Sendwell noticed',

  // Step 5: DMARC
  'dmarc.title': 'Your DMARC policy',
  'dmarc.intro':
    'DMARC (Domain-based Message Authentication, Reporting and Conformance) tells receivers what to do with mail that claims to be from you but fails SPF and DKIM, and where to send reports about it.',
  'dmarc.why':
    'It is what stops others from sending email as your domain, and large mailbox providers require it from bulk senders.',
  'dmarc.skip': 'Without DMARC anyone can send mail as your domain, and Gmail and Yahoo may refuse your bulk mail.',
  'dmarc.alignment_term': 'Alignment:',
  'dmarc.alignment_explain':
    'DMARC only counts SPF or DKIM when they are for your domain (the one in the From address). Sendwell uses relaxed alignment, where subdomains such as mail.yourdomain count too.',
  'dmarc.policy_legend': 'Policy to publish now',
  'dmarc.policy.none': 'Monitor only (p=none) — recommended to start',
  'dmarc.policy.none.explain': 'Mail is delivered as today; you get reports about who sends as your domain.',
  'dmarc.policy.quarantine': 'Spam folder (p=quarantine)',
  'dmarc.policy.quarantine.explain': 'Mail that fails the checks goes to spam.',
  'dmarc.policy.reject': 'Refuse (p=reject)',
  'dmarc.policy.reject.explain': 'Mail that fails the checks is refused. Use it once the reports are clean.',
  'dmarc.reports_title': 'Where reports go',
  'dmarc.reports_explain':
    'Receivers send a daily summary of the mail they saw from your domain. Use an inbox you read, or a DMARC report service.',
  'dmarc.rua_label': 'Report address',
  'dmarc.rua_hint': 'One email address, or several separated by commas.',
  'dmarc.rua_placeholder': 'dmarc@{domain}',
  'dmarc.record_title': 'The record to publish',
  'dmarc.rollout_title': 'Your plan from monitoring to protection',
  'dmarc.rollout_explain':
    'Tighten the policy step by step, each only after the reports show all your own mail passing.',
  'dmarc.weeks_label': 'Time between steps',
  'dmarc.weeks_value': '{weeks} weeks',
  'dmarc.authorization_title': 'Permission for reports sent to another domain',
  'dmarc.authorization_explain':
    'Your report address is at another domain. That domain must publish this record to accept your reports; send it to its owner.',
  'dmarc.findings_title': 'What Sendwell noticed',

  // Step 6: Extras
  'extras.title': 'Extras (optional)',
  'extras.intro':
    'A few more records that help in some cases. They are all off unless you turn them on; most people can move on.',
  'extras.why': 'They add encryption, reports about delivery problems, your logo in some inboxes, or lock down a domain that never sends.',
  'extras.skip': 'Nothing breaks: your SPF, DKIM and DMARC records work without them.',
  'extras.mta_sts.label': 'Require encrypted delivery (MTA-STS)',
  'extras.mta_sts.explain':
    'Asks other servers to send mail to your domain only over an encrypted connection. It needs a small file on a website at mta-sts.yourdomain.',
  'extras.mta_sts.mode_legend': 'How strict',
  'extras.mta_sts.testing': 'Testing — recommended to start',
  'extras.mta_sts.testing_explain': 'Senders only report problems; mail is still delivered.',
  'extras.mta_sts.enforce': 'Enforce',
  'extras.mta_sts.enforce_explain': 'Senders refuse to deliver when the connection can’t be encrypted.',
  'extras.mta_sts.file_title': 'The policy file to put on your website',
  'extras.mta_sts.file_url': 'Address:',
  'extras.tls_rpt.label': 'Reports about encryption problems (TLS-RPT)',
  'extras.tls_rpt.explain': 'Other servers send a daily report when they could not deliver to you securely.',
  'extras.tls_rpt.address_label': 'Report address',
  'extras.tls_rpt.address_hint': 'An email address, or the https:// address a report service gave you.',
  'extras.tls_rpt.placeholder': 'tls-reports@{domain}',
  'extras.bimi.label': 'Your logo in the inbox (BIMI)',
  'extras.bimi.explain':
    'Some mailbox providers show your logo next to your mail. It works only once DMARC refuses or quarantines failing mail, and Gmail also needs a paid mark certificate.',
  'extras.bimi.logo_label': 'Logo address (SVG)',
  'extras.bimi.logo_hint': 'An https:// address of your logo in the SVG Tiny PS format.',
  'extras.bimi.certificate_label': 'Mark certificate address (optional)',
  'extras.bimi.certificate_hint': 'An https:// address of the certificate file your certificate issuer gave you.',
  'extras.provider_mx.label': 'Receive email at your new mailbox provider (MX)',
  'extras.provider_mx.explain':
    'MX records say which servers receive email for your domain. Turn this on only if you are moving your mailboxes; your current mail stops arriving at the old provider.',
  'extras.never_sends.label': 'This domain never sends or receives email',
  'extras.never_sends.explain':
    'For a domain you keep only for a website: Sendwell publishes records that tell everyone to refuse mail claiming to be from it.',
  // === end plan steps (A) ===

  // === publish and after (B) ===
  // === end publish and after (B) ===

  // Errors from the core, by code. Each has a plain message and a next step.
  'error.domain.empty': 'Please type a domain first.',
  'error.domain.empty.next': 'Type the part after @ in your email address, e.g. yourcompany.com.',
  'error.domain.email_address': 'That looks like an email address.',
  'error.domain.email_address.next': 'Enter only the part after @.',
  'error.domain.url': 'That looks like a web address.',
  'error.domain.url.next': 'Enter only the domain, without https:// or a page path.',
  'error.domain.contains_spaces': 'A domain can’t contain spaces.',
  'error.domain.contains_spaces.next': 'Remove the spaces and try again.',
  'error.domain.invalid_character': 'That contains a character a domain can’t have.',
  'error.domain.invalid_character.next':
    'Use only letters, numbers, hyphens (-) and dots, e.g. yourcompany.com.',
  'error.domain.empty_label': 'There are two dots in a row, or a dot at the start.',
  'error.domain.empty_label.next': 'Remove the extra dot, e.g. yourcompany.com.',
  'error.domain.label_too_long': 'One part of that name is too long.',
  'error.domain.label_too_long.next':
    'Each part between dots can have at most 63 characters. Check for a typo or a pasted extra.',
  'error.domain.name_too_long': 'That name is too long to be a domain.',
  'error.domain.name_too_long.next':
    'A domain can have at most 253 characters. Check for a typo or a pasted extra.',
  'error.domain.hyphen_position': 'A part of the name starts or ends with a hyphen (-).',
  'error.domain.hyphen_position.next': 'Hyphens can only be in the middle of a part, e.g. your-company.com.',
  'error.domain.no_dot': 'A domain needs an ending such as .com.',
  'error.domain.no_dot.next': 'Add the ending, e.g. yourcompany.com.',
  'error.domain.public_suffix': 'That is an ending shared by many domains, not a domain you can own.',
  'error.domain.public_suffix.next':
    'For example, co.uk is an ending: enter the whole domain, e.g. yourcompany.co.uk.',
  'error.domain.invalid_idn': 'That name has letters that can’t be used together in a domain.',
  'error.domain.invalid_idn.next': 'Check the spelling, or copy the domain from your registrar’s website.',
  'error.dkim.selector_invalid': 'That DKIM selector is not valid.',
  'error.dkim.selector_invalid.next':
    'Use only letters, digits and hyphens, as your email provider shows it (for example google or s1).',
  'error.dns.config': 'Sendwell’s DNS server setting is not valid.',
  'error.dns.config.next':
    'Check the custom DNS server address (it looks like 1.1.1.1 or 1.1.1.1:53), or remove it to use your computer’s own DNS settings.',
  'error.dns.system_config': 'Sendwell could not read this computer’s DNS settings.',
  'error.dns.system_config.next':
    'Check that you are connected to the internet, or set a DNS server such as 1.1.1.1 in Sendwell’s settings.',
  'error.internal': 'Something went wrong inside Sendwell.',
  'error.internal.next': 'Try again. If it keeps happening, restart Sendwell.',
  'error.provider.unknown': 'Sendwell doesn’t know that sending service.',
  'error.provider.unknown.next': 'Pick one from the list, or choose “own server” and enter its IP address.',
  'error.registrar.unknown': 'Sendwell doesn’t know that DNS provider.',
  'error.registrar.unknown.next': 'Pick one from the list, or choose “Other DNS provider” for general steps.',
  'error.dkim.key_generation': 'Sendwell couldn’t make a DKIM key on this computer.',
  'error.dkim.key_generation.next': 'Try again. If it keeps failing, restart Sendwell.',
  'error.dmarc.report_address_invalid': 'That report address isn’t an email address.',
  'error.dmarc.report_address_invalid.next': 'Enter an address such as dmarc@yourcompany.com.',
  'error.plan.date_invalid': 'That isn’t a date Sendwell can read.',
  'error.plan.date_invalid.next': 'Write it as year-month-day, for example 2026-12-01.',
  'error.spf.ip_invalid': 'That isn’t an IP address.',
  'error.spf.ip_invalid.next': 'Enter your server’s public address, for example 203.0.113.7.',
  'error.dkim.selector_taken': 'One of your sending services already uses that DKIM selector.',
  'error.dkim.selector_taken.next': 'Choose another selector for the key Sendwell makes, for example sw1.',
  'error.tlsrpt.address_invalid': 'That TLS report address isn’t usable.',
  'error.tlsrpt.address_invalid.next': 'Enter an email address such as tls-reports@yourcompany.com, or the https:// address your report service gave you.',
  'error.mailbox.address_invalid': 'That is not an email address.',
  'error.mailbox.address_invalid.next': 'Type the whole address, for example you@yourcompany.com.',
  'error.mailbox.server_invalid': 'That mail server setting is not valid.',
  'error.mailbox.server_invalid.next':
    'Use a server name, optionally with :port, as your provider’s help page shows it (for example imap.example.com:993).',
  'error.tls.ca_file': 'That certificate file cannot be used.',
  'error.tls.ca_file.next': 'Choose a PEM file that contains the certificate authority (a CERTIFICATE block).',
  'error.mailbox.password_missing': 'There is no password for this mailbox yet.',
  'error.mailbox.password_missing.next': 'Type the mailbox password; Sendwell keeps it in your computer’s keychain.',
  'error.dkim.key_missing': 'The private key of this DKIM key is not in your keychain.',
  'error.dkim.key_missing.next': 'Make a new key on the DKIM step, then publish its new record.',
  'error.registrar.no_page': 'Sendwell does not know the address of this DNS page.',
  'error.registrar.no_page.next': 'Log in where you manage your domain and open its DNS settings.',
  'error.app.open_failed': 'The page could not be opened in your browser.',
  'error.app.open_failed.next': 'Open your browser yourself and go to your DNS provider’s website.',
  'error.export.write': 'The file could not be saved there.',
  'error.export.write.next': 'Choose another folder or file name and save again.',
  'error.keychain.locked': 'Your keychain is locked.',
  'error.keychain.locked.next': 'Unlock your keychain (your login keyring or Keychain Access), then try again.',
  'error.keychain.unavailable': 'Sendwell cannot reach your computer’s keychain.',
  'error.keychain.unavailable.next':
    'Make sure your keychain service is running (on Linux: GNOME Keyring or KWallet). Sendwell never stores passwords in a file instead.',
  'error.keychain.failed': 'The keychain could not save or read the password.',
  'error.keychain.failed.next': 'Try again. If it keeps failing, restart your keychain service or your computer.',
  'error.watch.plan_unreadable': 'The plan file could not be opened.',
  'error.watch.plan_unreadable.next': 'Check the file name, or make the plan again and save it.',
  'error.watch.plan_invalid': 'That file is not a Sendwell plan.',
  'error.watch.plan_invalid.next': 'Choose the plan file Sendwell saved for this domain, or make the plan again.',
  'error.watch.plan_domain': 'This plan was made for another domain.',
  'error.watch.plan_domain.next': 'Choose the plan made for this domain.',
  'error.watch.state_unreadable': 'The saved progress of this watch could not be read.',
  'error.watch.state_unreadable.next': 'Start the watch again from the beginning; Sendwell checks every record afresh.',
  'error.watch.state_write': 'Sendwell could not save the progress of this watch.',
  'error.watch.state_write.next': 'Make sure there is free space and that Sendwell may write to its folder, then try again.',
  'error.watch.timeout_invalid': 'That is not a length of time.',
  'error.watch.timeout_invalid.next': 'Write it like 90s, 30m, 2h or 1h30m.',
  'error.watch.interval_invalid': 'That interval cannot be used.',
  'error.watch.interval_invalid.next': 'Give a number of seconds from 0.1 to 3600, for example 1.',
  'error.watch.no_name_servers': 'Sendwell could not find the name servers of this domain.',
  'error.watch.no_name_servers.next': 'Check the domain name and your internet connection, then try again.',
  'error.store.corrupt': 'Sendwell’s saved data was damaged, so it was set aside and Sendwell started afresh.',
  'error.store.corrupt.next':
    'Check your domains again to bring them back. The old file is kept unchanged, and nothing at your DNS provider was changed.',
  'error.store.newer': 'Your saved data was made by a newer version of Sendwell, so this version set it aside and started afresh.',
  'error.store.newer.next': 'Install the newer Sendwell to use that data again. The old file is kept unchanged.',
  'error.store.unavailable': 'Sendwell cannot save its data on this computer right now, so nothing you do will be kept.',
  'error.store.unavailable.next':
    'Check that the disk is not full and that you may write to your user folder, then restart Sendwell.',
  'error.store.failed': 'Sendwell could not read or save its data.',
  'error.store.failed.next': 'Try again. If it keeps happening, restart Sendwell.',
  'error.unknown': 'Something went wrong: {message}',
  'error.unknown.next': 'Try again. If it keeps happening, restart Sendwell.',
  'error.use_suggestion': 'Use {suggestion}',
} as const;

/** Every message key. A translation must provide all of them. */
export type MessageKey = keyof typeof en;

/** The shape of a translation: the same keys, any text. */
export type Catalog = { readonly [K in MessageKey]: string };

// Compile-time completeness checks: every known error code, every lookup query and every lookup
// outcome that the UI explains has its messages. Adding a code to the IPC types without a
// message fails `npm run check`.
type ExplainedOutcome = Exclude<LookupOutcome, 'found' | 'no_records'>;
type RequiredKeys =
  | `error.${KnownErrorCode}`
  | `error.${KnownErrorCode}.next`
  | `lookup.query.${LookupQuery}`
  | `lookup.${ExplainedOutcome}`
  | `result.unchecked.${ExplainedOutcome}`;
const completeness: Record<RequiredKeys, string> = en;
void completeness;
