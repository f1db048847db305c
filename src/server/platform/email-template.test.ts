import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderEmail } from './email-template.ts';

const content = {
  subject: 'Reset your password',
  heading: 'Reset your password',
  paragraphs: ['Someone asked to reset the password of your account.'],
  action: { label: 'Choose a new password', url: 'https://portal.example/reset?token=x' },
};
const branding = (primaryColor: string) => ({
  organisationName: 'Harbour IT',
  primaryColor,
  subjectPrefix: '',
  logoUrl: null,
});

describe('email template colours', () => {
  test('the button text is black or white, whichever reads on the brand colour', () => {
    const pale = renderEmail(branding('#ffe066'), content).html;
    assert.match(pale, /background:#ffe066;color:#000000;/);
    assert.match(
      pale,
      /<strong dir="auto" style="font-size:18px;color:#111827">Harbour IT<\/strong>/,
      'a pale name is not used for text',
    );
    const navy = renderEmail(branding('#1a237e'), content).html;
    assert.match(navy, /background:#1a237e;color:#ffffff;/);
    assert.match(navy, /<strong dir="auto" style="font-size:18px;color:#1a237e">Harbour IT<\/strong>/);
  });
});
