/**
 * Webhook messages: the Standard Webhooks signature (https://www.standardwebhooks.com:
 * `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">` keyed with the base64 after `whsec_`), and the ready-made bodies
 * for Slack, Discord, Microsoft Teams workflows and ntfy beside the generic JSON.
 */

import { createHash, createHmac } from 'node:crypto';
import type { WebhookConfig } from './config';
import type { Notice } from './notice';

/** The HMAC key of a `whsec_` secret; throws on one that is not base64 after the prefix. */
export function webhookKey(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new Error('A webhook secret is whsec_ followed by base64.');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16) throw new Error('A webhook secret holds at least 16 bytes.');
  return key;
}

/** The `webhook-signature` value of a message. */
export function webhookSignature(key: Buffer, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', key)
    .update(`${id}.${timestamp}.${body}`, 'utf8')
    .digest('base64');
  return `v1,${mac}`;
}

/** The message id of a notice: the same notice (and state) gives the same id everywhere. */
export function messageId(notice: Notice): string {
  const identity = [notice.key, notice.status, notice.startsAt, notice.eventId ?? ''].join('|');
  return `msg_${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
}

const TITLES = {
  mass_logout: 'Mass logout',
  drift: 'Settings drift',
  unreachable: 'Server unreachable',
} as const;

function title(notice: Notice): string {
  const state = notice.status === 'resolved' ? 'Resolved: ' : '';
  return `${state}${TITLES[notice.kind]} on ${notice.server}`;
}

/** Slack's mrkdwn escapes (`&`, `<`, `>`), so a server name cannot ping or link. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The JSON body of a notice in the webhook's format. */
export function webhookBody(
  config: Pick<WebhookConfig, 'format' | 'topic'>,
  notice: Notice,
): unknown {
  const heading = title(notice);
  switch (config.format) {
    case 'slack':
      return { text: slackEscape(`*${heading}*\n${notice.summary}`) };
    case 'discord':
      return { content: `**${heading}**\n${notice.summary}`, allowed_mentions: { parse: [] } };
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                { type: 'TextBlock', text: heading, weight: 'Bolder', size: 'Medium', wrap: true },
                { type: 'TextBlock', text: notice.summary, wrap: true },
              ],
            },
          },
        ],
      };
    case 'ntfy':
      return {
        topic: config.topic,
        title: heading,
        message: notice.summary,
        tags: [notice.status === 'resolved' ? 'white_check_mark' : 'rotating_light', notice.kind],
        priority: notice.status === 'resolved' ? 3 : notice.kind === 'mass_logout' ? 5 : 4,
      };
    default:
      return {
        type: `qbsc.${notice.kind}.${notice.status}`,
        timestamp: new Date(notice.seenAt).toISOString(),
        data: {
          kind: notice.kind,
          status: notice.status,
          server: notice.server,
          serverId: notice.serverId,
          environment: notice.environment,
          summary: notice.summary,
          who: notice.who,
          count: notice.count,
          eventId: notice.eventId,
          startsAt: notice.startsAt,
          endsAt: notice.endsAt,
        },
      };
  }
}
