// A tiny, safe layout for every e-mail: a heading, paragraphs, at most one clear button, a footer — as HTML and as
// the plain-text alternative. Every interpolated value is escaped; the button only takes http(s) URLs.
// The localized wording of each message is written by its feature; this file only lays it out.

export type MailContent = {
  /** BCP 47 language of the text, e.g. `en` or `nl`. */
  lang?: string;
  /** Short line shown by some mail clients next to the subject. */
  preheader?: string;
  heading: string;
  /** Plain text; each one a paragraph. */
  paragraphs: string[];
  /** The one action the message asks for. */
  button?: { label: string; url: string };
  /** Small print under the button (e.g. why the recipient got this, when a link expires). */
  footer?: string;
};

export type RenderedMail = { text: string; html: string };

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Only absolute http(s) URLs may become links: never `javascript:`, `data:` or relative ones. */
export function safeHttpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`mail link is not an absolute URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`mail link must be http(s): ${JSON.stringify(value)}`);
  }
  return url.toString();
}

const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

export function renderMail(content: MailContent): RenderedMail {
  const lang = content.lang && LANG.test(content.lang) ? content.lang : 'en';
  const buttonUrl = content.button ? safeHttpUrl(content.button.url) : undefined;

  const textParts = [content.heading, '', ...content.paragraphs.flatMap((p) => [p, ''])];
  if (content.button && buttonUrl) textParts.push(`${content.button.label}:`, buttonUrl, '');
  if (content.footer) textParts.push('--', content.footer, '');
  const text = `${textParts.join('\n').trimEnd()}\n`;

  const e = escapeHtml;
  const paragraphs = content.paragraphs
    .map((p) => `<p style="margin:0 0 16px;font-size:15px;line-height:22px">${e(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
  const button =
    content.button && buttonUrl
      ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px"><tr>
<td style="border-radius:4px;background:#0f6cbd"><a href="${e(buttonUrl)}" style="display:inline-block;padding:10px 20px;font-size:15px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:4px">${e(content.button.label)}</a></td>
</tr></table>
<p style="margin:0 0 16px;font-size:13px;line-height:18px;color:#616161">${e(content.button.label)}: <a href="${e(buttonUrl)}" style="color:#0f6cbd;word-break:break-all">${e(buttonUrl)}</a></p>`
      : '';
  const footer = content.footer
    ? `<p style="margin:24px 0 0;padding-top:16px;border-top:1px solid #e0e0e0;font-size:12px;line-height:18px;color:#616161">${e(content.footer).replace(/\r?\n/g, '<br>')}</p>`
    : '';
  const preheader = content.preheader
    ? `<div style="display:none;max-height:0;overflow:hidden">${e(content.preheader)}</div>\n`
    : '';

  const html = `<!doctype html>
<html lang="${e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(content.heading)}</title>
</head>
<body style="margin:0;padding:0;background:#f5f5f5;font-family:'Segoe UI',Helvetica,Arial,sans-serif;color:#242424">
${preheader}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f5f5f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px"><tr><td style="padding:32px">
<h1 style="margin:0 0 16px;font-size:22px;line-height:28px;font-weight:600">${e(content.heading)}</h1>
${paragraphs}
${button}
${footer}
</td></tr></table>
</td></tr></table>
</body>
</html>
`;
  return { text, html };
}
