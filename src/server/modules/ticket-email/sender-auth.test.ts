import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Message, translate } from '../../../shared/i18n/i18n.ts';
import { DnsStandIn } from '../../test/dns.ts';
import {
  authenticateSender,
  headerFields,
  parseAuthenticationResults,
  type SenderAuthInput,
  trustedResults,
} from './sender-auth.ts';
import { rawEmail, signedEmail } from './test-support.ts';

/** The findings in English (they are a catalogue message). */
const en = (m: Message) => translate('en', m);

const FATIMA = 'primary@birchwood.example';
const ALICE = 'primary@acme.example';

function input(dns: DnsStandIn, from: string, extra: Partial<SenderAuthInput> = {}): SenderAuthInput {
  return { via: 'imap', fromAddresses: [from], trustedServers: [], resolver: dns.resolver, ...extra };
}

const mail = (from: string) => ({ from, to: 'support@support.example', subject: 'Hello', text: 'Hi.\n' });

describe('sender authentication (mailauth, DNS from a local stand-in)', () => {
  test('a DKIM signature of the From domain passes; with a DMARC record and without one', async () => {
    const dns = new DnsStandIn().dmarc('acme.example', 'reject');
    const raw = await signedEmail(mail(ALICE), dns.dkim('acme.example'));
    const withRecord = await authenticateSender(raw, input(dns, ALICE));
    assert.equal(withRecord.verdict, 'pass', en(withRecord.summary));
    assert.equal(withRecord.method, 'dkim');
    assert.equal(withRecord.dmarc, 'pass');
    assert.deepEqual(withRecord.dkim, [{ domain: 'acme.example', result: 'pass', aligned: true }]);
    assert.match(
      en(withRecord.summary),
      /DMARC for acme\.example: pass \(policy reject\); DKIM: pass for acme\.example/,
    );
    assert.match(en(withRecord.summary), /SPF: not checked \(mail collected over IMAP\)/);

    const noRecord = new DnsStandIn();
    const raw2 = await signedEmail(mail(ALICE), noRecord.dkim('acme.example'));
    const relaxed = await authenticateSender(raw2, input(noRecord, ALICE));
    assert.equal(relaxed.verdict, 'pass', en(relaxed.summary));
    assert.equal(relaxed.dmarc, 'none');
    assert.ok(noRecord.lookups.includes('TXT _dmarc.acme.example'), 'the DMARC record was looked up');
  });

  test('a signature of a subdomain aligns (relaxed); a look-alike domain of another organisation does not', async () => {
    const dns = new DnsStandIn();
    const sub = await authenticateSender(
      await signedEmail(mail(ALICE), dns.dkim('mail.acme.example')),
      input(dns, ALICE),
    );
    assert.equal(sub.verdict, 'pass', en(sub.summary));
    for (const other of ['acme.example.attacker.example', 'acme-example.example']) {
      const result = await authenticateSender(
        await signedEmail(mail(ALICE), dns.dkim(other)),
        input(dns, ALICE),
      );
      assert.equal(result.verdict, 'fail', other);
      assert.deepEqual(result.dkim, [{ domain: other, result: 'pass', aligned: false }]);
    }
  });

  test('where the domain asks for strict alignment, only a signature of the very From domain passes', async () => {
    const dns = new DnsStandIn().dmarc('acme.example', 'reject', 'adkim=s');
    const sub = await authenticateSender(
      await signedEmail(mail(ALICE), dns.dkim('mail.acme.example')),
      input(dns, ALICE),
    );
    assert.equal(sub.verdict, 'fail', en(sub.summary));
    assert.match(en(sub.summary), /DMARC for acme\.example: fail \(policy reject, strict alignment\)/);
    assert.deepEqual(sub.dkim, [{ domain: 'mail.acme.example', result: 'pass', aligned: false }]);
    const exact = await authenticateSender(
      await signedEmail(mail(ALICE), dns.dkim('acme.example')),
      input(dns, ALICE),
    );
    assert.equal(exact.verdict, 'pass', en(exact.summary));
  });

  test('a forged From is not authenticated: unsigned, signed by another domain, or altered after signing', async () => {
    const dns = new DnsStandIn().dmarc('birchwood.example', 'reject');
    dns.dkim('birchwood.example');
    const unsigned = await authenticateSender(await rawEmail(mail(FATIMA)), input(dns, FATIMA));
    assert.equal(unsigned.verdict, 'fail');
    assert.equal(unsigned.dmarc, 'fail');
    assert.match(
      en(unsigned.summary),
      /DMARC for birchwood\.example: fail \(policy reject\); DKIM: no signature/,
    );

    const attacker = dns.dkim('attacker.example');
    const foreign = await authenticateSender(await signedEmail(mail(FATIMA), attacker), input(dns, FATIMA));
    assert.equal(foreign.verdict, 'fail');
    assert.deepEqual(foreign.dkim, [{ domain: 'attacker.example', result: 'pass', aligned: false }]);
    assert.match(en(foreign.summary), /DKIM: pass for attacker\.example \(not the From domain\)/);
    assert.match(
      translate('de', foreign.summary),
      /DKIM: pass für attacker\.example \(nicht die From-Domain\)/,
      'the findings in the reader’s language; the protocols’ results as reported',
    );

    // Signed by Birchwood, then the text changed on the way: the body hash no longer matches.
    const genuine = await signedEmail(mail(FATIMA), dns.dkim('birchwood.example'));
    const altered = Buffer.from(genuine.toString('utf8').replace('Hi.', 'Pay invoice 4471 to IBAN X.'));
    const result = await authenticateSender(altered, input(dns, FATIMA));
    assert.equal(result.verdict, 'fail');
    assert.notEqual(result.dkim[0]?.result, 'pass');
  });

  test('a domain without a DMARC record still needs an aligned signature', async () => {
    const dns = new DnsStandIn();
    const result = await authenticateSender(await rawEmail(mail(FATIMA)), input(dns, FATIMA));
    assert.equal(result.verdict, 'fail');
    assert.equal(result.dmarc, 'none');
    assert.match(
      en(result.summary),
      /DMARC for birchwood\.example: no record, so an aligned DKIM signature or SPF pass is needed/,
    );
  });

  test('two From headers, or two addresses in one, cannot be authenticated', async () => {
    const dns = new DnsStandIn();
    const key = dns.dkim('acme.example');
    const raw = await signedEmail(mail(ALICE), key);
    const twice = Buffer.from(`From: ${FATIMA}\r\n${raw.toString('utf8')}`);
    const result = await authenticateSender(twice, input(dns, ALICE));
    assert.equal(result.verdict, 'fail');
    assert.match(en(result.summary), /2 From headers/);
    const two = await authenticateSender(raw, input(dns, ALICE, { fromAddresses: [ALICE, FATIMA] }));
    assert.equal(two.verdict, 'fail');
    assert.match(en(two.summary), /names 2 addresses/);
  });

  test('SMTP: SPF for the connecting address passes when the envelope domain is aligned, not otherwise', async () => {
    const dns = new DnsStandIn()
      .spf('acme.example', 'ip4:127.0.0.1 -all')
      .spf('attacker.example', 'ip4:127.0.0.1 -all');
    const raw = await rawEmail(mail(ALICE));
    const client = (mailFrom: string) => ({ ip: '127.0.0.1', helo: 'mx.acme.example', mailFrom });
    const aligned = await authenticateSender(
      raw,
      input(dns, ALICE, { via: 'smtp', client: client('bounce@acme.example') }),
    );
    assert.equal(aligned.verdict, 'pass', en(aligned.summary));
    assert.equal(aligned.method, 'smtp');
    assert.deepEqual(aligned.spf, { domain: 'acme.example', result: 'pass', aligned: true });

    const elsewhere = await authenticateSender(
      raw,
      input(dns, ALICE, { via: 'smtp', client: { ...client('bounce@acme.example'), ip: '192.0.2.7' } }),
    );
    assert.equal(elsewhere.verdict, 'fail');
    assert.equal(elsewhere.spf?.result, 'fail');

    const forged = await authenticateSender(
      await rawEmail(mail(FATIMA)),
      input(dns, FATIMA, { via: 'smtp', client: client('x@attacker.example') }),
    );
    assert.equal(forged.verdict, 'fail');
    assert.deepEqual(forged.spf, { domain: 'attacker.example', result: 'pass', aligned: false });
    assert.match(en(forged.summary), /SPF: pass for attacker\.example \(not the From domain\)/);
  });

  test('a DNS failure is not authenticated, and says so', async () => {
    const dns = new DnsStandIn().fail('_dmarc.acme.example');
    const raw = await signedEmail(mail(ALICE), dns.dkim('acme.example'));
    const result = await authenticateSender(raw, input(dns, ALICE));
    assert.equal(result.verdict, 'fail');
    assert.equal(result.dmarc, 'temperror');
    assert.match(en(result.summary), /DMARC for acme\.example: the DNS lookup failed for now/);
  });
});

describe('Authentication-Results of a trusted receiving server (IMAP)', () => {
  test('the header is read: server, version, comments, quoted values', () => {
    const parsed = parseAuthenticationResults(
      'mx.Google.com 1; dkim=pass (2048-bit key; secure) header.i=@acme.example header.s=mail header.b="ab;c";' +
        ' spf = pass (google.com: domain of x@acme.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=x@acme.example;' +
        ' dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=acme.example',
    );
    assert.equal(parsed.authservId, 'mx.google.com');
    assert.deepEqual(
      parsed.results.map((r) => [r.method, r.result]),
      [
        ['dkim', 'pass'],
        ['spf', 'pass'],
        ['dmarc', 'pass'],
      ],
    );
    assert.equal(parsed.results[0]!.props['header.b'], 'ab;c');
    assert.equal(parsed.results[1]!.props['smtp.mailfrom'], 'x@acme.example');
    assert.deepEqual(parseAuthenticationResults('mx.example.com; none'), {
      authservId: 'mx.example.com',
      results: [],
    });
    // A header that names no server (results straight after the colon) is never a trusted server's.
    assert.equal(
      parseAuthenticationResults('spf=pass smtp.mailfrom=acme.example; dmarc=pass').authservId,
      null,
    );
  });

  test('only the topmost header of a trusted server counts; one an attacker wrote below it does not', async () => {
    const dns = new DnsStandIn();
    const body = (await rawEmail(mail(FATIMA))).toString('utf8');
    const forgedBelow =
      'Authentication-Results: mx.portico.example; dmarc=pass header.from=birchwood.example\r\n';
    const server =
      'Authentication-Results: mx.portico.example; dkim=none; spf=softfail smtp.mailfrom=attacker.example; dmarc=fail header.from=birchwood.example\r\n';
    const received =
      'Received: from attacker.example by mx.portico.example; Mon, 2 Mar 2026 09:00:00 +0000\r\n';
    const raw = Buffer.from(`Return-Path: <x@attacker.example>\r\n${server}${received}${forgedBelow}${body}`);
    const header = trustedResults(headerFields(raw), ['MX.portico.example']);
    assert.equal(header?.results.find((r) => r.method === 'dmarc')?.result, 'fail');
    const result = await authenticateSender(
      raw,
      input(dns, FATIMA, { trustedServers: ['mx.portico.example'] }),
    );
    assert.equal(result.verdict, 'fail');
    assert.equal(result.method, 'header');
    assert.equal(result.authservId, 'mx.portico.example');
    assert.equal(dns.lookups.length, 0, 'a trusted header is read, nothing is looked up');
  });

  test('a trusted pass is taken; without DMARC in it an aligned DKIM pass is needed; other servers are not trusted', async () => {
    const dns = new DnsStandIn();
    const body = (await rawEmail(mail(ALICE))).toString('utf8');
    const withHeader = (h: string) => Buffer.from(`Authentication-Results: ${h}\r\n${body}`);
    const pass = await authenticateSender(
      withHeader('mx.portico.example; dkim=pass header.d=acme.example; dmarc=pass header.from=acme.example'),
      input(dns, ALICE, { trustedServers: ['mx.portico.example'] }),
    );
    assert.equal(pass.verdict, 'pass', en(pass.summary));
    assert.match(
      en(pass.summary),
      /^Authentication-Results of mx\.portico\.example; DMARC for acme\.example: pass/,
    );

    const otherDomain = await authenticateSender(
      withHeader('mx.portico.example; dmarc=pass header.from=attacker.example'),
      input(dns, ALICE, { trustedServers: ['mx.portico.example'] }),
    );
    assert.equal(otherDomain.verdict, 'fail', 'a pass for another From domain is not this email’s');

    const dkimOnly = await authenticateSender(
      withHeader('mx.portico.example; dkim=pass header.d=mail.acme.example'),
      input(dns, ALICE, { trustedServers: ['mx.portico.example'] }),
    );
    assert.equal(dkimOnly.verdict, 'pass', en(dkimOnly.summary));
    const dkimElsewhere = await authenticateSender(
      withHeader(
        'mx.portico.example; dkim=pass header.d=attacker.example; spf=pass smtp.mailfrom=x@attacker.example',
      ),
      input(dns, ALICE, { trustedServers: ['mx.portico.example'] }),
    );
    assert.equal(dkimElsewhere.verdict, 'fail');

    // Written by a server nobody named: ignored, so Portico checks DKIM itself (unsigned: fail).
    const untrusted = await authenticateSender(
      withHeader('mx.attacker.example; dmarc=pass header.from=acme.example'),
      input(dns, ALICE, { trustedServers: ['mx.portico.example'] }),
    );
    assert.equal(untrusted.verdict, 'fail');
    assert.equal(untrusted.method, 'dkim');
    // And with no server named in settings, no header is ever read.
    const none = await authenticateSender(
      withHeader('mx.portico.example; dmarc=pass header.from=acme.example'),
      input(dns, ALICE),
    );
    assert.equal(none.method, 'dkim');
    assert.equal(none.verdict, 'fail');
  });
});
