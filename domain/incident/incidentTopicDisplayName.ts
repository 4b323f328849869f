/**
 * The incident topic's display name: the sender name of alert e-mails, and the `<name>> ` SNS puts in
 * front of every SMS, which the SMS text leaves room for.
 */
export const INCIDENT_TOPIC_DISPLAY_NAME = 'Windows incidents';

/** What SNS puts in front of every SMS of the incident topic. */
export const INCIDENT_SMS_PREFIX = `${INCIDENT_TOPIC_DISPLAY_NAME}> `;
