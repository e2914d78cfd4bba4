// The mail layout escapes every interpolated value, allows only http(s) links, and has a plain-text alternative;
// the dev mailbox page escapes everything it shows and turns only http(s) URLs into links.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderMail } from '../../src/mail/render.js';
import { findLinks } from '../../src/mail/outbox.js';
import { isLoopbackHost, linkify, renderMailboxPage } from '../../src/modules/dev-mailbox/routes.js';

const unescape = (s: string) =>
  s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

// Strings dense in the characters that matter (fast-check's 'binary' unit is slow here).
const markupish = fc.string({
  unit: fc.constantFrom('<', '>', '"', "'", '&', ';', '#', 'a', 'l', 't', ' ', '\n', 'é', '😀', '\u0000'),
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('leaves no markup character and round-trips (property)', () => {
    fc.assert(
      fc.property(markupish, (s) => {
        const escaped = escapeHtml(s);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(unescape(escaped)).toBe(s);
      }),
    );
  });
});

describe('renderMail', () => {
  const hostile = `<script>alert("x")</script> & 'quotes'`;

  it('escapes heading, paragraphs, button label and URL, footer and preheader', () => {
    const { html, text } = renderMail({
      heading: hostile,
      preheader: hostile,
      paragraphs: [hostile, 'second\nline'],
      button: { label: hostile, url: 'https://vlc.example/invitations/abc?x=1&y="2"' },
      footer: hostile,
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(`'quotes'`);
    // 1 title + 1 heading + 1 paragraph + 2 button label + 1 footer + 1 preheader
    expect(html.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;').length - 1).toBe(7);
    expect(html).toContain('href="https://vlc.example/invitations/abc?x=1&amp;y=%222%22"');
    expect(html).toContain('second<br>line');
    // the text alternative is the same content, unescaped, with the URL spelled out
    expect(text).toContain(hostile);
    expect(text).toContain('https://vlc.example/invitations/abc?x=1&y=%222%22');
    expect(text.startsWith(`${hostile}\n\n`)).toBe(true);
  });

  it('has exactly one button when asked, none otherwise', () => {
    const withButton = renderMail({
      heading: 'H',
      paragraphs: ['p'],
      button: { label: 'Accept', url: 'https://x.example/a' },
    });
    expect(withButton.html.match(/<a href=/g)).toHaveLength(2); // the button, and the same link spelled out
    expect(withButton.text).toContain('Accept:\nhttps://x.example/a');
    const without = renderMail({ heading: 'H', paragraphs: ['p'] });
    expect(without.html).not.toContain('<a ');
    expect(without.text).toBe('H\n\np\n');
  });

  it('refuses non-http(s) and relative button URLs', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', '/relative', 'vbscript:x', 'JaVaScRiPt:alert(1)']) {
      expect(() => renderMail({ heading: 'H', paragraphs: [], button: { label: 'Go', url } }), url).toThrow(/URL|http/);
    }
  });

  it('sets a valid lang and ignores an invalid one', () => {
    expect(renderMail({ lang: 'nl', heading: 'H', paragraphs: [] }).html).toContain('<html lang="nl">');
    expect(renderMail({ lang: '"><x', heading: 'H', paragraphs: [] }).html).toContain('<html lang="en">');
  });
});

describe('dev mailbox page', () => {
  it('escapes the text body and links only http(s) URLs, without trailing punctuation', () => {
    const out = linkify('Open https://vlc.example/i/abc?a=1&b=2. Or <b>javascript:alert(1)</b> "x"');
    expect(out).toBe(
      'Open <a href="https://vlc.example/i/abc?a=1&amp;b=2">https://vlc.example/i/abc?a=1&amp;b=2</a>. Or &lt;b&gt;javascript:alert(1)&lt;/b&gt; &quot;x&quot;',
    );
    expect(findLinks('see https://a.example/x, and http://b.example/y).')).toEqual([
      'https://a.example/x',
      'http://b.example/y',
    ]);
  });

  it('never lets a stored value open a tag (property)', () => {
    fc.assert(
      fc.property(markupish, markupish, markupish, (subject, to, text) => {
        const page = renderMailboxPage({
          items: [
            {
              id: '1',
              messageId: '<m@vlcenter>',
              kind: 'k',
              to,
              subject,
              state: 'stored',
              createdAt: '2026-01-01T00:00:00.000Z',
              sentAt: null,
              text,
              html: '<b>ignored</b>',
              links: [],
            },
          ],
          nextCursor: null,
        });
        // every tag in the page is one of the page's own
        const tags = new Set([...page.matchAll(/<\/?([a-zA-Z0-9!]+)/g)].map((m) => m[1]!.toLowerCase()));
        for (const tag of tags) {
          expect([
            '!doctype',
            'html',
            'head',
            'meta',
            'title',
            'style',
            'body',
            'main',
            'h1',
            'p',
            'article',
            'h2',
            'dl',
            'dt',
            'dd',
            'time',
            'code',
            'div',
            'a',
          ]).toContain(tag);
        }
        expect(page).not.toContain('<b>ignored');
        expect(page).not.toMatch(/<script/i);
      }),
    );
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '::1', '[::1]', 'localhost', 'LOCALHOST', '127.1.2.3'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', 'vlc.example', '128.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});
