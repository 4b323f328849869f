/** A message to the operators (not to incident subscribers): subject and plain text. */
export interface OperationsMessage {
  readonly subject: string;
  readonly text: string;
}

/** Sends operational messages (the SNS operations topic in AWS). Failures throw. */
export interface OperationsNotifier {
  notify(message: OperationsMessage): Promise<void>;
}
