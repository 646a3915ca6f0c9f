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
  'steps.current': '(current step)',
  'steps.upcoming': '(coming soon)',
  'steps.upcoming_note': 'The other steps open as you go. They are coming soon.',
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
  'next.coming_soon': 'The next step is coming soon.',

  // Wizard shell: Back / Next and the step list
  'nav.back': 'Back',
  'nav.next': 'Next',
  'nav.label': 'Move between steps',

  // === plan steps (A) ===
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
