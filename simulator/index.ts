/** The shared SMTP protocol core: import from here. */
export * from './config.ts';
export * from './replies.ts';
export * from './states.ts';
export * from './session.ts';
export * from './output.ts';
export type { MessageRecord, MessageSource, SendPayload, DroppedHeader, PayloadAttachment } from './message-policy.ts';
export { ALLOWED_ATTACHMENT_EXTENSIONS, attachmentBytes, attachmentProblem, parseTags } from './message-policy.ts';
export { base64Encode, base64EncodeAscii, base64Decode } from './bytes.ts';
export * from './transcript.ts';
export { evaluateMessage, type MessageVerdict } from './message-policy.ts';
export * from './policy-rules.ts';
export * from './failure-rules.ts';
export * from './mailpace-facts.ts';
