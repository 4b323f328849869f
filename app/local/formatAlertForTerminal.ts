import type { OutboxMessage } from '../../adapters/local/LocalOutbox';

/**
 * An alert as its recipients would see it: the email (subject and text) and the SMS, from the message
 * as it was published (`MessageStructure: 'json'` carries one text per protocol).
 */
export function formatAlertForTerminal(message: OutboxMessage, file: string): string {
  const texts = protocolTexts(message);
  const attribute = (name: string): string => message.messageAttributes?.[name]?.StringValue ?? '?';
  const heading = `${attribute('notificationKind') === 'resolved' ? 'RESOLVED' : 'ALERT'} ${attribute('ruleId')} on ${attribute('node')} (severity ${attribute('severity')}, incident ${attribute('incidentId')})`;
  const rule = '─'.repeat(Math.min(100, Math.max(40, heading.length)));
  return [
    rule,
    heading,
    rule,
    `EMAIL  Subject: ${message.subject ?? '(none)'}`,
    '',
    ...(texts.email ?? '')
      .trimEnd()
      .split('\n')
      .map((line) => `  ${line}`),
    '',
    `SMS    ${texts.sms ?? '(same as the email)'}`,
    `FILE   ${file}`,
    rule,
    '',
  ].join('\n');
}

function protocolTexts(message: OutboxMessage): { email?: string; sms?: string } {
  if (message.messageStructure !== 'json') return { email: message.message };
  try {
    const parsed = JSON.parse(message.message ?? '{}') as Record<string, unknown>;
    const text = (key: string): string | undefined =>
      typeof parsed[key] === 'string' ? (parsed[key] as string) : undefined;
    return { email: text('email') ?? text('default'), sms: text('sms') ?? text('default') };
  } catch {
    return { email: message.message };
  }
}
