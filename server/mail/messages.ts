import type { MailLinks } from './mail-links';
import type { OutgoingMail } from './mail-queue';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The mail's paragraphs: plain strings, or a link (its text and address). */
type Paragraph = string | { text: string; href: string };

/**
 * Every mail is built here, so every one carries the one-click unsubscribe of RFC 8058: the
 * List-Unsubscribe header (an https URL that takes a POST), List-Unsubscribe-Post, and the link in the body.
 */
function compose(
  links: MailLinks,
  mail: { kind: OutgoingMail['kind']; to: string; userId: string; subject: string; paragraphs: Paragraph[] },
): OutgoingMail {
  const unsubscribe = links.unsubscribe(mail.userId);
  const paragraphs: Paragraph[] = [...mail.paragraphs, { text: 'Stop reply mails from this site', href: unsubscribe }];
  const text = paragraphs.map((p) => (typeof p === 'string' ? p : `${p.text}: ${p.href}`)).join('\n\n');
  const html = paragraphs
    .map((p) =>
      typeof p === 'string'
        ? `<p>${escapeHtml(p)}</p>`
        : `<p><a href="${escapeHtml(p.href)}">${escapeHtml(p.text)}</a></p>`,
    )
    .join('\n');
  return {
    kind: mail.kind,
    to: mail.to,
    subject: mail.subject,
    text,
    html,
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

interface Recipient {
  userId: string;
  email: string;
}

export function confirmEmailMail(links: MailLinks, to: Recipient, now: Date): OutgoingMail {
  return compose(links, {
    kind: 'confirm-email',
    to: to.email,
    userId: to.userId,
    subject: 'Confirm your email address',
    paragraphs: [
      'Someone (we hope you) gave this address for an account of the discussions. Confirm it to get mail:',
      { text: 'Confirm this address', href: links.confirmEmail(to.userId, to.email, now) },
      'If it was not you, ignore this mail: without confirmation the address gets nothing more.',
    ],
  });
}

export function replyMail(
  links: MailLinks,
  to: Recipient,
  reply: { authorName: string; articleTitle: string; excerpt: string; path: string },
): OutgoingMail {
  return compose(links, {
    kind: 'reply',
    to: to.email,
    userId: to.userId,
    subject: `${reply.authorName} replied to your comment on "${reply.articleTitle}"`,
    paragraphs: [
      `${reply.authorName} replied to your comment on "${reply.articleTitle}":`,
      reply.excerpt,
      { text: 'Read the reply', href: links.page(reply.path) },
    ],
  });
}

export function passwordResetMail(links: MailLinks, to: Recipient, token: string): OutgoingMail {
  return compose(links, {
    kind: 'password-reset',
    to: to.email,
    userId: to.userId,
    subject: 'Reset your password',
    paragraphs: [
      'Someone asked to reset the password of your account. This link works once, for 30 minutes:',
      { text: 'Choose a new password', href: links.resetPassword(token) },
      'If it was not you, ignore this mail: your password stays as it is.',
    ],
  });
}
