/**
 * The messages a session finished, for the inspector: each record with its raw
 * text and the same message as an HTTPS API request (curl).
 */
import type { MessageRecord } from '../../simulator/index.ts';
import { curlCommand, tokenForDomain } from './api-request.ts';

export interface MessageView {
  n: number;
  record: MessageRecord;
  raw: string | null;
  /** The equivalent HTTPS API request. */
  curl: string;
}

export class MessageLog {
  /** A new array after every change, so a view can compare by identity. */
  list: readonly MessageView[] = [];

  /** Adds a finished message sent for `domain`; returns its number, from 1. */
  add(record: MessageRecord, raw: string | null, domain: string): number {
    const n = this.list.length + 1;
    this.list = [...this.list, { n, record, raw, curl: curlCommand(record.payload, tokenForDomain(domain)) }];
    return n;
  }
}
