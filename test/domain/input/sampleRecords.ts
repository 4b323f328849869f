import { readFixture } from '../formats/formatFixtures';

/** Real records of the rule's two steps, as Event XML and as Winlogbeat ECS lines, and an ECS record no rule needs. */
export const XML_7031 = readFixture('formats/xml/7031-vista-rendered.xml');
export const XML_1036 = readFixture('formats/xml/1036-imap4svc-classic.xml');
export const ECS_7031 = JSON.stringify(JSON.parse(readFixture('formats/ecs/7031-winlogbeat8.json')));
export const ECS_1036 = JSON.stringify(JSON.parse(readFixture('formats/ecs/1036-winlogbeat8.json')));
export const NOISE_ECS = JSON.stringify({
  '@timestamp': '2024-03-14T02:17:40.000Z',
  winlog: {
    channel: 'Security',
    computer_name: 'EXCH01',
    event_id: '4624',
    provider_name: 'Microsoft-Windows-Security-Auditing',
    record_id: 5,
  },
  message: 'An account was successfully logged on.',
});
